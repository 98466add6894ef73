"""The cost directives of a supergraph: weights of types, fields and arguments, list sizes.

The directives' local names come from the supergraph's ``@link`` of the cost spec
(``https://specs.apollo.dev/cost/v0.1``; ``as:`` and import aliases are honoured). Defaults
follow the specification: an object, interface or union costs 1, a scalar or an enum 0;
``@cost(weight:)`` on a field, else on its type, replaces that default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLNamedType,
    GraphQLSchema,
    Node,
    ValueNode,
    VariableNode,
    get_named_type,
    is_composite_type,
    value_from_ast_untyped,
)

from router.supergraph.directives import directive_args, directive_nodes
from router.supergraph.links import schema_links

COST_SPEC = "cost"
MUTATION_BASE_COST = 10  # the specification's (and Apollo Router's) cost of a mutation


@dataclass(frozen=True, slots=True)
class ListSizeSpec:
    """One ``@listSize``: how many items a list field returns."""

    assumed_size: int | None = None
    slicing_arguments: tuple[str, ...] = ()
    sized_fields: tuple[str, ...] = ()

    def size(self, arguments: Mapping[str, Any]) -> int | None:
        """The largest slicing argument given (or defaulted), else the assumed size;
        ``None`` when neither is known."""
        sizes = [_as_size(arguments[name]) for name in self.slicing_arguments if name in arguments]
        known = [size for size in sizes if size is not None]
        return max(known) if known else self.assumed_size


def _as_size(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    return max(value, 0) if isinstance(value, int) else None


@dataclass(frozen=True, slots=True)
class FieldCost:
    """What the model knows about one field of one type."""

    weight: int  # the field's own cost (per item, for a list)
    arguments: Mapping[str, GraphQLArgument]
    argument_weights: Mapping[str, int]
    defaults: Mapping[str, Any]  # the arguments' default values in the schema
    list_size: ListSizeSpec | None


class CostModel:
    """Per-field costs read off the supergraph schema (memoised on first use)."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        links = schema_links(schema)
        linked = COST_SPEC in links.specs
        self._cost = links.directive_name(COST_SPEC, "cost") if linked else "cost"
        self._list_size = links.directive_name(COST_SPEC, "listSize") if linked else "listSize"
        self._fields: dict[tuple[str, str], FieldCost | None] = {}
        self._type_weights: dict[str, int | None] = {}
        self._input_weights: dict[tuple[str, str], int | None] = {}

    def field(self, parent: str, name: str) -> FieldCost | None:
        """The costs of ``parent.name``; ``None`` for a field the schema does not have."""
        key = (parent, name)
        if key not in self._fields:
            self._fields[key] = self._read_field(parent, name)
        return self._fields[key]

    def arguments_cost(
        self, cost: FieldCost, arguments: Sequence[Any], variables: Mapping[str, Any]
    ) -> int:
        """The weights of the arguments (and input fields) given to a field."""
        total = 0
        for argument in arguments:
            name = argument.name.value
            total += cost.argument_weights.get(name, 0)
            definition = cost.arguments.get(name)
            if definition is not None:
                value = value_of(argument.value, variables)
                total += self._input_cost(definition.type, value)
        return total

    def argument_values(
        self, cost: FieldCost, arguments: Sequence[Any], variables: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The values of the field's arguments: given ones, then schema defaults."""
        values = dict(cost.defaults)
        for argument in arguments:
            value = value_of(argument.value, variables)
            if value is not None:
                values[argument.name.value] = value
        return values

    def _read_field(self, parent: str, name: str) -> FieldCost | None:
        owner = self.schema.get_type(parent)
        fields: Mapping[str, GraphQLField] | None = getattr(owner, "fields", None)
        if fields is None or name not in fields:
            return None
        field = fields[name]
        named = get_named_type(field.type)
        weight = self._weight(field.ast_node)
        if weight is None:
            weight = self.type_weight(named)
        return FieldCost(
            weight=weight,
            arguments=field.args,
            argument_weights={
                arg_name: found
                for arg_name, arg in field.args.items()
                if (found := self._weight(arg.ast_node)) is not None
            },
            defaults={
                arg_name: value_from_ast_untyped(arg.ast_node.default_value)
                for arg_name, arg in field.args.items()
                if arg.ast_node is not None and arg.ast_node.default_value is not None
            },
            list_size=self._read_list_size(field.ast_node),
        )

    def type_weight(self, named: GraphQLNamedType) -> int:
        """``@cost`` on the type, else 1 for a composite type and 0 for a leaf."""
        if named.name not in self._type_weights:
            found = None
            for node in (named.ast_node, *named.extension_ast_nodes):
                found = self._weight(node) if found is None else found
            self._type_weights[named.name] = found
        weight = self._type_weights[named.name]
        if weight is not None:
            return weight
        return 1 if is_composite_type(named) else 0

    def _input_cost(self, input_type: GraphQLInputType, value: Any) -> int:
        named = get_named_type(input_type)
        if not isinstance(named, GraphQLInputObjectType) or value is None:
            return 0
        if isinstance(value, list):
            return sum(self._input_cost(input_type, item) for item in value)
        if not isinstance(value, dict):
            return 0
        total = 0
        for key, item in value.items():
            field = named.fields.get(key)
            if field is None:
                continue
            memo = (named.name, key)
            if memo not in self._input_weights:
                self._input_weights[memo] = self._weight(field.ast_node)
            total += self._input_weights[memo] or 0
            total += self._input_cost(field.type, item)
        return total

    def _weight(self, node: Node | None) -> int | None:
        for applied in directive_nodes(node, self._cost):
            weight = directive_args(applied).get("weight")
            if isinstance(weight, int | float | str):
                return int(float(weight))
        return None

    def _read_list_size(self, node: Node | None) -> ListSizeSpec | None:
        for applied in directive_nodes(node, self._list_size):
            args = directive_args(applied)
            assumed = args.get("assumedSize")
            return ListSizeSpec(
                assumed_size=assumed if isinstance(assumed, int) else None,
                slicing_arguments=tuple(str(v) for v in args.get("slicingArguments") or ()),
                sized_fields=tuple(str(v) for v in args.get("sizedFields") or ()),
            )
        return None


def value_of(node: ValueNode, variables: Mapping[str, Any]) -> Any:
    """A literal or variable argument value as a Python value (variables already coerced)."""
    if isinstance(node, VariableNode):
        return variables.get(node.name.value)
    return value_from_ast_untyped(node, dict(variables))
