"""Run the normalization passes over an operation (or a federation field set)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
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

from router.normalize.collect_fields import collect_fields
from router.normalize.expand_abstract import possible_types
from router.normalize.tree import NField, NormalizedOperation, NSelection


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
    """Turns selection sets into `NSelection` trees against one schema."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def selection(self, type_name: str, selection_sets: list[SelectionSetNode]) -> NSelection:
        """Normalize selection sets applied to a value of composite type `type_name`."""
        named = self.schema.get_type(type_name)
        if named is not None and is_abstract_type(named):
            result = NSelection(type_name=type_name, abstract=True)
            for concrete in possible_types(self.schema, type_name):
                result.by_type[concrete] = self.object_fields(concrete, selection_sets)
            return result
        return NSelection(
            type_name=type_name,
            abstract=False,
            fields=self.object_fields(type_name, selection_sets),
        )

    def object_fields(self, concrete: str, selection_sets: list[SelectionSetNode]) -> list[NField]:
        """Fields selected on an object of type `concrete`, merged by response key."""
        object_type = self.schema.get_type(concrete)
        assert isinstance(object_type, GraphQLObjectType)
        grouped = collect_fields(
            self.schema, concrete, selection_sets, self.fragments, self.variables
        )
        return [self._field(object_type, key, nodes) for key, nodes in grouped.items()]

    def _field(self, parent: GraphQLObjectType, key: str, nodes: list[FieldNode]) -> NField:
        first = nodes[0]
        name = first.name.value
        if name == "__typename":
            return NField(key, name, (), parent.name, "String", (True,))
        if name in ("__schema", "__type"):
            return NField(key, name, tuple(first.arguments or ()), parent.name, name, (False,))
        field_def = parent.fields[name]
        named = get_named_type(field_def.type)
        result = NField(
            response_key=key,
            name=name,
            arguments=tuple(first.arguments or ()),
            parent_type=parent.name,
            named_type=named.name,
            non_null=_non_null_flags(field_def.type),
        )
        if is_composite_type(named):
            subs = [node.selection_set for node in nodes if node.selection_set is not None]
            result.selection = self.selection(named.name, subs)
        return result


def normalize_operation(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> NormalizedOperation:
    """Normalize a validated operation for the given @skip/@include variable values."""
    kind = operation.operation.value
    root_type = schema.get_root_type(operation.operation)
    assert root_type is not None
    normalizer = Normalizer(schema, fragments, variables)
    return NormalizedOperation(
        kind=kind,
        name=operation.name.value if operation.name else None,
        definition=operation,
        root=normalizer.selection(root_type.name, [operation.selection_set]),
    )


def normalize_field_set(
    schema: GraphQLSchema, type_name: str, selection_set: SelectionSetNode
) -> NSelection:
    """Normalize a federation field set (key / requires / provides) on `type_name`."""
    return Normalizer(schema, {}, {}).selection(type_name, [selection_set])
