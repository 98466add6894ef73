"""Finding the marked values in a mutation's arguments.

``plan_mutation_references`` compiles, once per supergraph, a walker for every mutation root
field whose arguments (or their nested input fields, lists included) carry marks; at request
time a walker turns coerced argument values into ``FoundReference``s. Root fields without
marks have no plan, so operations that use none cost a dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from graphql import (
    GraphQLArgument,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLSchema,
    Undefined,
    get_named_type,
    is_leaf_type,
    value_from_ast,
)

from router.normalize.tree import NField
from router.references.marks import Marks
from router.references.owners import ReferenceTarget, reference_target
from router.supergraph.model import Supergraph

type Path = tuple[str | int, ...]
type Hits = list[tuple[ReferenceTarget, Any, Path]]  # (target, JSON-ready value, path)


@dataclass(frozen=True, slots=True)
class FoundReference:
    """One marked value of a request, as the representation that must resolve."""

    target: ReferenceTarget
    representation: dict[str, Any]
    response_key: str  # the mutation root field (alias-aware) the argument belongs to
    argument: Path  # ("input", "productIds", 2)


class Walk(Protocol):
    def collect(self, value: Any, path: Path, found: Hits) -> None:
        """Append a hit for every marked value under ``value``."""
        ...


def _to_json(value: Any, type_: GraphQLInputType) -> Any:
    """A coerced input value as it would be written in JSON (what ``_Any`` carries)."""
    if value is None:
        return None
    if isinstance(type_, GraphQLNonNull):
        return _to_json(value, type_.of_type)
    if isinstance(type_, GraphQLList):
        return [_to_json(item, type_.of_type) for item in value]
    if isinstance(type_, GraphQLInputObjectType):
        return {
            name: _to_json(value[field.out_name or name], field.type)
            for name, field in type_.fields.items()
            if (field.out_name or name) in value
        }
    return type_.serialize(value)


@dataclass(frozen=True, slots=True)
class _MarkedValue:
    target: ReferenceTarget
    type: GraphQLInputType

    def collect(self, value: Any, path: Path, found: Hits) -> None:
        if value is not None:
            found.append((self.target, _to_json(value, self.type), path))


@dataclass(frozen=True, slots=True)
class _ListItems:
    item: Walk

    def collect(self, value: Any, path: Path, found: Hits) -> None:
        for index, item in enumerate(value or ()):
            self.item.collect(item, (*path, index), found)


@dataclass(slots=True)
class _InputFields:
    fields: list[tuple[str, str, Walk]] = field(default_factory=list)  # (key, name, walk)

    def collect(self, value: Any, path: Path, found: Hits) -> None:
        if value is None:
            return
        for key, name, walk in self.fields:
            if key in value:
                walk.collect(value[key], (*path, name), found)


class _Compiler:
    """Builds walkers for one supergraph's marks (input types compiled once, cycles allowed)."""

    def __init__(self, supergraph: Supergraph, marks: Marks) -> None:
        self._supergraph = supergraph
        self._marks = marks
        self._objects: dict[str, _InputFields] = {}
        self._targets: dict[tuple[str, str], ReferenceTarget] = {}
        self._containing: set[str] = set()

    def prepare(self, schema: GraphQLSchema) -> None:
        """Find the input types that contain a mark, directly or through nested fields."""
        inputs = [t for t in schema.type_map.values() if isinstance(t, GraphQLInputObjectType)]
        changed = True
        while changed:
            changed = False
            for input_type in inputs:
                if input_type.name in self._containing:
                    continue
                if any(
                    (input_type.name, name) in self._marks.input_fields
                    or get_named_type(field.type).name in self._containing
                    for name, field in input_type.fields.items()
                ):
                    self._containing.add(input_type.name)
                    changed = True

    def _target(self, referenced: str, value_type: GraphQLNamedType, where: str) -> ReferenceTarget:
        cache_key = (referenced, value_type.name)
        target = self._targets.get(cache_key)
        if target is None:
            target = reference_target(self._supergraph, referenced, value_type, where)
            self._targets[cache_key] = target
        return target

    def walk(self, type_: GraphQLInputType, referenced: str | None, where: str) -> Walk | None:
        """The walker for values of ``type_`` (``referenced``: the mark on them, if any)."""
        if isinstance(type_, GraphQLNonNull):
            return self.walk(type_.of_type, referenced, where)
        if isinstance(type_, GraphQLList):
            item = self.walk(type_.of_type, referenced, where)
            return None if item is None else _ListItems(item)
        named = get_named_type(type_)
        if referenced is not None:
            return _MarkedValue(self._target(referenced, named, where), type_)
        if is_leaf_type(named) or named.name not in self._containing:
            return None
        assert isinstance(named, GraphQLInputObjectType)
        compiled = self._objects.get(named.name)
        if compiled is None:
            compiled = self._objects[named.name] = _InputFields()
            for name, input_field in named.fields.items():
                mark = self._marks.input_fields.get((named.name, name))
                inner = self.walk(input_field.type, mark, f"{named.name}.{name}")
                if inner is not None:
                    compiled.fields.append((input_field.out_name or name, name, inner))
        return compiled


@dataclass(frozen=True, slots=True)
class _ArgumentPlan:
    name: str
    definition: GraphQLArgument
    walk: Walk


@dataclass(frozen=True, slots=True)
class FieldReferences:
    """The marked arguments of one mutation root field."""

    arguments: tuple[_ArgumentPlan, ...]

    def collect(self, selected: NField, variables: Mapping[str, Any]) -> list[FoundReference]:
        """Every marked value in the field's arguments (literals and variables alike)."""
        nodes = {argument.name.value: argument for argument in selected.arguments}
        raw: Hits = []
        variable_values = dict(variables)
        for plan in self.arguments:
            node = nodes.get(plan.name)
            if node is None:
                value = plan.definition.default_value
            else:
                value = value_from_ast(node.value, plan.definition.type, variable_values)
            if value is not Undefined and value is not None:
                plan.walk.collect(value, (plan.name,), raw)
        return [
            FoundReference(target, target.representation(value), selected.response_key, path)
            for target, value, path in raw
        ]


def plan_mutation_references(
    supergraph: Supergraph, api_schema: GraphQLSchema, marks: Marks
) -> dict[str, FieldReferences]:
    """Mutation root field name -> its marked arguments (fields without marks are left out).

    Raises ``ReferenceConfigError`` when a mark cannot be enforced (owner, key).
    """
    mutation = api_schema.mutation_type
    if mutation is None or not marks.referenced_types():
        return {}
    compiler = _Compiler(supergraph, marks)
    compiler.prepare(api_schema)
    supergraph_mutation = supergraph.root_types.get("mutation", mutation.name)
    plans: dict[str, FieldReferences] = {}
    for field_name, field_def in mutation.fields.items():
        arguments = []
        for arg_name, arg in field_def.args.items():
            mark = marks.arguments.get((supergraph_mutation, field_name, arg_name))
            where = f"{mutation.name}.{field_name}({arg_name}:)"
            walk = compiler.walk(arg.type, mark, where)
            if walk is not None:
                arguments.append(_ArgumentPlan(arg_name, arg, walk))
        if arguments:
            plans[field_name] = FieldReferences(tuple(arguments))
    return plans
