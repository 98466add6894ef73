"""Selection trees built while planning, printed against the subgraph that receives them.

A builder knows the type its selection applies to in that subgraph and each field's type
there, so that freezing can: alias sibling fields whose types conflict in the subgraph
(`Rename`s tell the executor how to undo it), never leave a composite field with an empty
selection (`__typename` is selected instead), and print `@skip`/`@include` on variables.
"""

from __future__ import annotations

import hashlib

from graphql import ArgumentNode, VariableNode, print_ast
from graphql.language import ValueNode

from router.normalize.inclusion import Inclusion, Term, either
from router.plan import PlanField, PlanFragment, PlanSelection, Projection, Rename

_TYPENAME = PlanField("__typename")


class FieldBuild:
    """A field requested from a subgraph (merged by response key)."""

    __slots__ = ("alias", "arguments", "inclusion", "name", "sub", "type_text")

    def __init__(
        self,
        name: str,
        alias: str | None,
        arguments: tuple[ArgumentNode, ...],
        type_text: str,
        inclusion: Inclusion,
    ) -> None:
        self.name = name
        self.alias = alias
        self.arguments = arguments
        self.type_text = type_text
        self.inclusion = inclusion
        self.sub: SelectionBuilder | None = None


class SelectionBuilder:
    """Fields by response key plus inline fragments by type condition, in insertion order."""

    __slots__ = ("fields", "fragments", "type_name")

    def __init__(self, type_name: str = "") -> None:
        self.type_name = type_name
        self.fields: dict[str, FieldBuild] = {}
        self.fragments: dict[str, SelectionBuilder] = {}

    def field(
        self,
        response_key: str,
        name: str,
        arguments: tuple[ArgumentNode, ...] = (),
        *,
        type_text: str = "",
        sub_type: str | None = None,
        inclusion: Inclusion = None,
    ) -> FieldBuild | None:
        """Add (or find) a field; None when the response key holds another field already.

        `sub_type`: the field's named type in the subgraph, for composite fields.
        """
        existing = self.fields.get(response_key)
        if existing is None:
            alias = response_key if response_key != name else None
            existing = FieldBuild(name, alias, arguments, type_text, inclusion)
            self.fields[response_key] = existing
        elif existing.name != name or print_arguments(existing.arguments) != print_arguments(
            arguments
        ):
            return None
        else:
            existing.inclusion = either(existing.inclusion, inclusion)
        if sub_type is not None and existing.sub is None:
            existing.sub = SelectionBuilder(sub_type)
        return existing

    def typename(self) -> None:
        """Request `__typename` (always first when present)."""
        if "__typename" not in self.fields:
            build = FieldBuild("__typename", None, (), "String!", None)
            self.fields = {"__typename": build, **self.fields}

    def fragment(self, type_condition: str) -> SelectionBuilder:
        """The inline fragment on `type_condition` (created on demand)."""
        found = self.fragments.get(type_condition)
        if found is None:
            found = self.fragments[type_condition] = SelectionBuilder(type_condition)
        return found

    def is_empty(self) -> bool:
        """Whether nothing at all is selected."""
        return not self.fields and all(frag.is_empty() for frag in self.fragments.values())

    def freeze(self, renames: list[Rename] | None = None) -> tuple[PlanSelection, ...]:
        """Immutable plan selections (empty fragments dropped, conflicts aliased into
        `renames` when a list is given)."""
        return _freeze(self, (), renames if renames is not None else [])

    def freeze_shape(self) -> tuple[PlanSelection, ...]:
        """A representation shape as the subgraph sees it: field names, no aliases."""
        result: list[PlanSelection] = []
        for build in self.fields.values():
            sub = None if build.sub is None else build.sub.freeze_shape()
            result.append(PlanField(name=build.name, selections=sub))
        for condition, fragment in self.fragments.items():
            if not fragment.is_empty():
                result.append(PlanFragment(condition, fragment.freeze_shape()))
        return tuple(result)

    def projection(self) -> Projection:
        """Representation projection: (key in the data, name sent, sub-projection, optional);
        fields of type-conditioned fragments exist only for some types, hence optional."""
        merged: dict[str, tuple[str, Projection | None, bool]] = {}
        for key, build in self.fields.items():
            merged[key] = (build.name, None if build.sub is None else build.sub.projection(), False)
        for fragment in self.fragments.values():
            for source, sent, sub, _optional in fragment.projection():
                merged.setdefault(source, (sent, sub, True))
        return tuple(
            (source, sent, sub, optional) for source, (sent, sub, optional) in merged.items()
        )

    def variables(self, into: set[str]) -> set[str]:
        """Collect the variable names used in arguments and directives below."""
        for build in self.fields.values():
            for argument in build.arguments:
                _collect_variables(argument.value, into)
            for term in build.inclusion or ():
                into.update(name for name, _value in term)
            if build.sub is not None:
                build.sub.variables(into)
        for fragment in self.fragments.values():
            fragment.variables(into)
        return into


def internal_alias(name: str, arguments: tuple[ArgumentNode, ...]) -> str:
    """A stable response key for a field the planner adds where the client's key is taken."""
    digest = hashlib.sha1(print_arguments(arguments).encode()).hexdigest()[:8]
    return f"_fc_{name}_{digest}"


def _shape_signature(build: FieldBuild) -> str:
    """Fields merged by GraphQL must agree on this: the whole type for leaves, the list and
    non-null wrappers for composite fields (their selections merge)."""
    if build.sub is None:
        return build.type_text
    named = build.type_text.strip("[]!")
    return build.type_text.replace(named, "*") if named else build.type_text


def _collect_level(
    builder: SelectionBuilder,
    where: tuple[str, ...],
    into: list[tuple[tuple[str, ...], str, FieldBuild]],
) -> None:
    for key, build in builder.fields.items():
        into.append((where, key, build))
    for condition, fragment in builder.fragments.items():
        _collect_level(fragment, (*where, f"...{condition}"), into)


def _conflicting_aliases(builder: SelectionBuilder) -> dict[tuple[tuple[str, ...], str], str]:
    """(fragment path, response key) -> alias, for fields that cannot merge with the first
    fields of their response key in the same selection set: another shape, or sub-selections
    that conflict once merged."""
    if not builder.fragments:
        return {}
    entries: list[tuple[tuple[str, ...], str, FieldBuild]] = []
    _collect_level(builder, (), entries)
    kept: dict[str, list[FieldBuild]] = {}
    taken = {key for _where, key, _build in entries}
    aliases: dict[tuple[tuple[str, ...], str], str] = {}
    for where, key, build in entries:
        if not build.type_text:
            continue
        group = kept.setdefault(key, [])
        if not group or (
            _shape_signature(group[0]) == _shape_signature(build)
            and not _merge_conflicts([*group, build])
        ):
            group.append(build)
            continue
        number = 1
        alias = f"_{key}{number}"
        while alias in taken:
            number += 1
            alias = f"_{key}{number}"
        taken.add(alias)
        aliases[(where, key)] = alias
    return aliases


def _merge_conflicts(builds: list[FieldBuild]) -> bool:
    """Whether composite fields merged by GraphQL (same response key) have sub-fields that
    cannot merge: another shape under one response key, at any depth."""
    entries: list[tuple[tuple[str, ...], str, FieldBuild]] = []
    for build in builds:
        if build.sub is not None:
            _collect_level(build.sub, (), entries)
    by_key: dict[str, list[FieldBuild]] = {}
    for _where, key, build in entries:
        if build.type_text:
            by_key.setdefault(key, []).append(build)
    for group in by_key.values():
        if len({_shape_signature(build) for build in group}) > 1:
            return True
        if len(group) > 1 and _merge_conflicts(group):
            return True
    return False


def _freeze(
    builder: SelectionBuilder, where: tuple[str, ...], renames: list[Rename]
) -> tuple[PlanSelection, ...]:
    return _freeze_level(builder, (), where, _conflicting_aliases(builder), renames)


def _freeze_level(
    builder: SelectionBuilder,
    fragment_path: tuple[str, ...],
    where: tuple[str, ...],
    aliases: dict[tuple[tuple[str, ...], str], str],
    renames: list[Rename],
) -> tuple[PlanSelection, ...]:
    result: list[PlanSelection] = []
    for key, build in builder.fields.items():
        alias = aliases.get((fragment_path, key))
        response_key = key if alias is None else alias
        if alias is not None:
            renames.append(Rename(where, alias, key))
        sub: tuple[PlanSelection, ...] | None = None
        if build.sub is not None:
            sub = _freeze(build.sub, (*where, response_key), renames) or (_TYPENAME,)
        field = PlanField(
            name=build.name,
            alias=response_key if response_key != build.name else None,
            arguments=print_arguments(build.arguments),
            selections=sub,
        )
        result.extend(_with_inclusion(field, build.inclusion))
    for condition, fragment in builder.fragments.items():
        if fragment.is_empty():
            continue
        inner = _freeze_level(
            fragment, (*fragment_path, f"...{condition}"), where, aliases, renames
        )
        result.append(PlanFragment(condition, inner))
    return tuple(result)


def _with_inclusion(field: PlanField, inclusion: Inclusion) -> list[PlanSelection]:
    """The field as printed under `@include`/`@skip`: directives on the field when one of
    each is enough, nested directive-only fragments otherwise, once per alternative."""
    if inclusion is None:
        return [field]
    return [_under_term(field, term) for term in sorted(inclusion, key=sorted)]


def _under_term(field: PlanField, term: Term) -> PlanSelection:
    literals = sorted(term)
    includes = [name for name, value in literals if value]
    skips = [name for name, value in literals if not value]
    on_field: list[str] = []
    if includes:
        on_field.append(f"@include(if:${includes.pop()})")
    if skips:
        on_field.append(f"@skip(if:${skips.pop()})")
    selection: PlanSelection = PlanField(
        field.name, field.alias, field.arguments, field.selections, " ".join(on_field)
    )
    for name in includes:
        selection = PlanFragment("", (selection,), f"@include(if:${name})")
    for name in skips:
        selection = PlanFragment("", (selection,), f"@skip(if:${name})")
    return selection


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
            head = f"...on {selection.type_condition}" if selection.type_condition else "..."
            if selection.directives:
                head += " " + selection.directives
            parts.append(head + render_compact(selection.selections))
            continue
        text = f"{selection.alias}:{selection.name}" if selection.alias else selection.name
        text += selection.arguments
        if selection.directives:
            text += " " + selection.directives
        if selection.selections is not None:
            text += render_compact(selection.selections)
        parts.append(text)
    return "{" + " ".join(parts) + "}"
