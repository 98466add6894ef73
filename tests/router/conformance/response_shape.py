"""Does a response fit its operation? A gateway-independent check of GraphQL answers.

``shape_problems`` walks ``data`` along the operation (fields collected per the spec,
section 6.3.2 CollectFields: ``@skip`` / ``@include`` evaluated with the variables, fragments
applied when their type condition covers the runtime type) and reports every mismatch:
missing or extra response keys, ``null`` at a non-null position, a list where none belongs
(or none where one does), a scalar of the wrong kind, an enum value the schema lacks, and
objects that no possible type explains (``__typename`` must name a possible object type of
the position, and the keys must be those collected for that type). Also: ``errors`` must be
a non-empty list when present, and a response without data (or with ``data: null``) must
have errors (section 7.1).
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    value_from_ast,
)

Json = Any
INT_RANGE = range(-(2**31), 2**31)
SCALAR_KINDS: dict[str, tuple[type, ...]] = {
    "Int": (int,),
    "Float": (int, float),
    "String": (str,),
    "ID": (str,),
    "Boolean": (bool,),
}


class _Walker:
    """Checks values against the selections of one operation."""

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Json]
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def included(self, node: FieldNode | FragmentSpreadNode | InlineFragmentNode) -> bool:
        for directive in node.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            argument = next(a for a in directive.arguments or () if a.name.value == "if")
            value = value_from_ast(argument.value, GraphQLBoolean, self.variables)
            if value == (name == "skip"):
                return False
        return True

    def applies(self, condition: str | None, runtime: GraphQLObjectType) -> bool:
        if condition is None or condition == runtime.name:
            return True
        type_ = self.schema.get_type(condition)
        return isinstance(type_, GraphQLInterfaceType | GraphQLUnionType) and (
            self.schema.is_sub_type(type_, runtime)
        )

    def collect(
        self, runtime: GraphQLObjectType, selection_sets: list[SelectionSetNode]
    ) -> dict[str, list[FieldNode]]:
        """Response key -> field nodes, for ``runtime`` (section 6.3.2)."""
        fields: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()
        stack = [s for selection_set in selection_sets for s in selection_set.selections][::-1]
        while stack:
            selection = stack.pop()
            if not self.included(selection):  # type: ignore[arg-type]
                continue
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                fields.setdefault(key, []).append(selection)
                continue
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in visited:
                    continue
                visited.add(name)
                fragment = self.fragments[name]
                condition: str | None = fragment.type_condition.name.value
                inner = fragment.selection_set
            else:
                assert isinstance(selection, InlineFragmentNode)
                tc = selection.type_condition
                condition, inner = (tc.name.value if tc else None), selection.selection_set
            if self.applies(condition, runtime):
                stack.extend(reversed(inner.selections))
        return fields

    def value(
        self, value: Json, type_: GraphQLOutputType, nodes: list[FieldNode], path: str
    ) -> list[str]:
        if isinstance(type_, GraphQLNonNull):
            if value is None:
                return [f"{path}: null at non-null position {type_}"]
            type_ = type_.of_type
        if value is None:
            return []
        if isinstance(type_, GraphQLList):
            if not isinstance(value, list):
                return [f"{path}: {type_} expected, got {_short(value)}"]
            return [
                p
                for index, item in enumerate(value)
                for p in self.value(item, type_.of_type, nodes, f"{path}.{index}")
            ]
        if isinstance(type_, GraphQLScalarType):
            return _scalar_problems(value, type_, path)
        if isinstance(type_, GraphQLEnumType):
            ok = isinstance(value, str) and value in type_.values
            return [] if ok else [f"{path}: {_short(value)} is not a value of {type_.name}"]
        if not isinstance(value, dict):
            return [f"{path}: object of {type_} expected, got {_short(value)}"]
        selection_sets = [n.selection_set for n in nodes if n.selection_set]
        candidates = (
            [type_]
            if isinstance(type_, GraphQLObjectType)
            else self.schema.get_possible_types(type_)
        )
        best: list[str] | None = None
        for runtime in sorted(candidates, key=lambda t: t.name):
            problems = self.object(value, runtime, selection_sets, path)
            if not problems:
                return []
            if best is None or len(problems) < len(best):
                best = [f"{p} (as {runtime.name})" for p in problems]
        return best or [f"{path}: no possible type of {type_}"]

    def object(
        self,
        value: dict[str, Json],
        runtime: GraphQLObjectType,
        selection_sets: list[SelectionSetNode],
        path: str,
    ) -> list[str]:
        fields = self.collect(runtime, selection_sets)
        problems = [f"{path}: missing key {k!r}" for k in fields if k not in value]
        problems += [f"{path}: unexpected key {k!r}" for k in value if k not in fields]
        for key, nodes in fields.items():
            if key not in value:
                continue
            name = nodes[0].name.value
            if name == "__typename":
                if value[key] != runtime.name:
                    problems.append(f"{path}.{key}: __typename {value[key]!r}")
                continue
            definition = runtime.fields.get(name)
            if definition is None:
                problems.append(f"{path}.{key}: {runtime.name} has no field {name}")
                continue
            problems += self.value(value[key], definition.type, nodes, f"{path}.{key}")
        return problems


def _scalar_problems(value: Json, type_: GraphQLScalarType, path: str) -> list[str]:
    kinds = SCALAR_KINDS.get(type_.name)
    if kinds is None:  # custom scalar: any JSON value
        return []
    wrong = not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
    if not wrong and type_.name == "Int" and value not in INT_RANGE:
        wrong = True
    return [f"{path}: {_short(value)} is not a {type_.name}"] if wrong else []


def _short(value: Json) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def shape_problems(
    schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Json], response: Json
) -> list[str]:
    """Every way ``response`` does not fit the (single, query) operation of ``document``."""
    if not isinstance(response, dict):
        return [f"response is not a JSON object: {_short(response)}"]
    errors = response.get("errors")
    problems = []
    if "errors" in response and (not isinstance(errors, list) or not errors):
        problems.append(f"'errors' must be a non-empty list, got {_short(errors)}")
    if response.get("data") is None:
        return problems if errors else [*problems, "no data and no errors"]
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    walker = _Walker(schema, document, variables)
    query_type = schema.query_type
    assert query_type is not None
    data = response["data"]
    if not isinstance(data, dict):
        return [*problems, f"data is not an object: {_short(data)}"]
    return [*problems, *walker.object(data, query_type, [operation.selection_set], "data")]
