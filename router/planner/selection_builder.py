"""Mutable selection trees built while planning, frozen into plan selections at the end."""

from __future__ import annotations

from graphql import ArgumentNode, VariableNode, print_ast
from graphql.language import ValueNode

from router.plan import PlanField, PlanFragment, PlanSelection, Projection


class FieldBuild:
    """A field requested from a subgraph (merged by response key)."""

    __slots__ = ("alias", "arguments", "name", "sub")

    def __init__(self, name: str, alias: str | None, arguments: tuple[ArgumentNode, ...]) -> None:
        self.name = name
        self.alias = alias
        self.arguments = arguments
        self.sub: SelectionBuilder | None = None


class SelectionBuilder:
    """Fields by response key plus inline fragments by type condition, in insertion order."""

    __slots__ = ("fields", "fragments")

    def __init__(self) -> None:
        self.fields: dict[str, FieldBuild] = {}
        self.fragments: dict[str, SelectionBuilder] = {}

    def field(
        self,
        response_key: str,
        name: str,
        arguments: tuple[ArgumentNode, ...] = (),
        composite: bool = False,
    ) -> FieldBuild:
        """Add (or find) a field; composite fields get a sub-selection."""
        existing = self.fields.get(response_key)
        if existing is None:
            existing = FieldBuild(name, response_key if response_key != name else None, arguments)
            self.fields[response_key] = existing
        if composite and existing.sub is None:
            existing.sub = SelectionBuilder()
        return existing

    def typename(self) -> None:
        """Request `__typename` (always first when present)."""
        if "__typename" not in self.fields:
            self.fields = {"__typename": FieldBuild("__typename", None, ()), **self.fields}

    def fragment(self, type_condition: str) -> SelectionBuilder:
        """The inline fragment on `type_condition` (created on demand)."""
        found = self.fragments.get(type_condition)
        if found is None:
            found = self.fragments[type_condition] = SelectionBuilder()
        return found

    def is_empty(self) -> bool:
        """Whether nothing at all is selected."""
        return not self.fields and all(frag.is_empty() for frag in self.fragments.values())

    def freeze(self) -> tuple[PlanSelection, ...]:
        """Immutable plan selections (empty fragments dropped)."""
        result: list[PlanSelection] = []
        for build in self.fields.values():
            result.append(
                PlanField(
                    name=build.name,
                    alias=build.alias,
                    arguments=print_arguments(build.arguments),
                    selections=None if build.sub is None else build.sub.freeze(),
                )
            )
        for condition, fragment in self.fragments.items():
            if not fragment.is_empty():
                result.append(PlanFragment(condition, fragment.freeze()))
        return tuple(result)

    def projection(self) -> Projection:
        """Representation projection: fields (and fragment fields, optional) by name."""
        merged: dict[str, tuple[Projection | None, bool]] = {}
        for build in self.fields.values():
            merged[build.name] = (None if build.sub is None else build.sub.projection(), False)
        for fragment in self.fragments.values():
            for name, sub, _optional in fragment.projection():
                merged.setdefault(name, (sub, True))  # present only for some runtime types
        return tuple((name, sub, optional) for name, (sub, optional) in merged.items())

    def variables(self, into: set[str]) -> set[str]:
        """Collect the variable names used in arguments anywhere in this selection."""
        for build in self.fields.values():
            for argument in build.arguments:
                _collect_variables(argument.value, into)
            if build.sub is not None:
                build.sub.variables(into)
        for fragment in self.fragments.values():
            fragment.variables(into)
        return into


def _collect_variables(value: ValueNode, into: set[str]) -> None:
    if isinstance(value, VariableNode):
        into.add(value.name.value)
        return
    for child in getattr(value, "values", None) or ():
        _collect_variables(child, into)
    for child in getattr(value, "fields", None) or ():
        _collect_variables(child.value, into)


def print_arguments(arguments: tuple[ArgumentNode, ...]) -> str:
    """`(name: value, ...)` or the empty string."""
    if not arguments:
        return ""
    return "(" + ", ".join(f"{a.name.value}: {print_ast(a.value)}" for a in arguments) + ")"


def render_compact(selections: tuple[PlanSelection, ...]) -> str:
    """Compact GraphQL text for a selection set: `{a b{c}}`."""
    parts: list[str] = []
    for selection in selections:
        if isinstance(selection, PlanFragment):
            parts.append(f"...on {selection.type_condition}{render_compact(selection.selections)}")
            continue
        text = f"{selection.alias}:{selection.name}" if selection.alias else selection.name
        text += selection.arguments
        if selection.selections is not None:
            text += render_compact(selection.selections)
        parts.append(text)
    return "{" + " ".join(parts) + "}"
