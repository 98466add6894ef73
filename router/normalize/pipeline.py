"""Run the normalization passes over an operation (or a federation field set)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    is_abstract_type,
    is_composite_type,
)

from router.normalize.collect_fields import Occurrence, collect_fields
from router.normalize.expand_abstract import possible_types
from router.normalize.inclusion import Inclusion, either
from router.normalize.tree import NField, NormalizedOperation, NSelection

type SelectionSets = list[tuple[SelectionSetNode, Inclusion]]


def _non_null_flags(field_type: GraphQLOutputType) -> tuple[bool, ...]:
    flags: list[bool] = []
    current: Any = field_type
    while True:
        non_null = isinstance(current, GraphQLNonNull)
        if non_null:
            current = current.of_type
        flags.append(non_null)
        if isinstance(current, GraphQLList):
            current = current.of_type
            continue
        return tuple(flags)


class Normalizer:
    """Turns selection sets into `NSelection` trees against one schema.

    With `variables` None, @skip/@include on variables stay as each field's `inclusion`.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any] | None,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def selection(self, type_name: str, selection_sets: SelectionSets) -> NSelection:
        """Normalize selection sets applied to a value of composite type `type_name`."""
        named = self.schema.get_type(type_name)
        if named is not None and is_abstract_type(named):
            result = NSelection(type_name=type_name, abstract=True)
            for concrete in possible_types(self.schema, type_name):
                result.by_type[concrete] = self.object_fields(concrete, selection_sets)
            if isinstance(named, GraphQLInterfaceType):
                result.interface_fields = self.object_fields(type_name, selection_sets)
            return result
        return NSelection(
            type_name=type_name,
            abstract=False,
            fields=self.object_fields(type_name, selection_sets),
        )

    def object_fields(self, concrete: str, selection_sets: SelectionSets) -> list[NField]:
        """Fields selected on an object of type `concrete` (or on an interface itself, for
        federation field sets), merged by response key."""
        object_type = self.schema.get_type(concrete)
        assert isinstance(object_type, GraphQLObjectType | GraphQLInterfaceType)
        grouped = collect_fields(
            self.schema, concrete, selection_sets, self.fragments, self.variables
        )
        return [self._field(object_type, key, nodes) for key, nodes in grouped.items()]

    def _field(
        self,
        parent: GraphQLObjectType | GraphQLInterfaceType,
        key: str,
        occurrences: list[Occurrence],
    ) -> NField:
        first = occurrences[0][0]
        name = first.name.value
        inclusion: Inclusion = occurrences[0][1]
        for _node, other in occurrences[1:]:
            inclusion = either(inclusion, other)
        if name == "__typename":
            return NField(key, name, (), parent.name, "String", (True,), inclusion=inclusion)
        if name in ("__schema", "__type"):
            arguments = tuple(first.arguments or ())
            return NField(key, name, arguments, parent.name, name, (False,), inclusion=inclusion)
        field_def = parent.fields[name]
        named = get_named_type(field_def.type)
        result = NField(
            response_key=key,
            name=name,
            arguments=tuple(first.arguments or ()),
            parent_type=parent.name,
            named_type=named.name,
            non_null=_non_null_flags(field_def.type),
            inclusion=inclusion,
            enum_values=frozenset(named.values) if isinstance(named, GraphQLEnumType) else None,
        )
        if is_composite_type(named):
            # what one occurrence adds is included only when that occurrence is
            subs = [
                (node.selection_set, None if own == inclusion else own)
                for node, own in occurrences
                if node.selection_set is not None
            ]
            result.selection = self.selection(named.name, subs)
        return result


def normalize_operation(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
) -> NormalizedOperation:
    """Normalize a validated operation for the given @skip/@include variable values (None:
    for any values, keeping the conditions as inclusions)."""
    kind = operation.operation.value
    root_type = schema.get_root_type(operation.operation)
    assert root_type is not None
    normalizer = Normalizer(schema, fragments, variables)
    return NormalizedOperation(
        kind=kind,
        name=operation.name.value if operation.name else None,
        definition=operation,
        root=normalizer.selection(root_type.name, [(operation.selection_set, None)]),
    )


def normalize_field_set(
    schema: GraphQLSchema, type_name: str, selection_set: SelectionSetNode
) -> NSelection:
    """Normalize a federation field set (key / requires / provides) on `type_name`; on an
    interface, at the interface's own level."""
    normalizer = Normalizer(schema, {}, {})
    if isinstance(schema.get_type(type_name), GraphQLInterfaceType):
        fields = normalizer.object_fields(type_name, [(selection_set, None)])
        return NSelection(type_name=type_name, abstract=False, fields=fields)
    return normalizer.selection(type_name, [(selection_set, None)])
