"""Find an operation's active ``@defer`` fragments and ``@stream`` fields and derive the
documents that deliver them: *initial* (deferred fragments under ``@skip(if: true)``, so the
operation stays valid with the same variables) and *complete* (everything).

Both documents select ``__typename`` as :data:`PROBE` next to every type-conditioned deferred
fragment, so payloads can tell which objects it applies to; it never reaches clients. (Only
there: at ``@interfaceObject`` positions ``__typename`` costs an extra lookup.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ArgumentNode,
    BooleanValueNode,
    DirectiveNode,
    FieldNode,
    GraphQLDeferDirective,
    GraphQLStreamDirective,
    InlineFragmentNode,
    NameNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    print_ast,
)
from graphql.execution.values import VariableValues, get_directive_values

from router.incremental.inline import inline_spreads
from router.pipeline.parse import ParsedOperation

PROBE = "_router_typename"
_PROBE_FIELD = FieldNode(alias=NameNode(value=PROBE), name=NameNode(value="__typename"))


@dataclass(frozen=True, slots=True)
class DeferredFragment:
    """A ``@defer`` fragment: where it applies and its own selection (nested ones left out)."""

    index: int
    label: str | None
    path: tuple[str, ...]  # response keys from the root to the object it belongs to
    type_condition: str | None
    selection: SelectionSetNode
    parent: int | None  # the deferred fragment it sits in, if any


@dataclass(frozen=True, slots=True)
class StreamedField:
    """A ``@stream`` list: its path (the list field's key last) and how many items come first."""

    label: str | None
    path: tuple[str, ...]
    initial_count: int


@dataclass(frozen=True, slots=True)
class IncrementalSplit:
    operation_type: str
    initial_document: str
    complete_document: str
    initial_selection: SelectionSetNode  # the initial payload's selection (no deferred parts)
    deferred: tuple[DeferredFragment, ...]
    streamed: tuple[StreamedField, ...]


@dataclass
class _Walk:
    variables: Mapping[str, Any]
    deferred: dict[int, DeferredFragment] = field(default_factory=dict)
    streamed: list[StreamedField] = field(default_factory=list)
    _count: int = 0

    def selection_sets(
        self, selection_set: SelectionSetNode, path: tuple[str, ...], parent: int | None
    ) -> tuple[SelectionSetNode, SelectionSetNode, SelectionSetNode]:
        """(initial, complete, own) versions of ``selection_set``."""
        initial: list[SelectionNode] = []
        complete: list[SelectionNode] = []
        own: list[SelectionNode] = []
        probe = False
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                a, b, c = self._field(selection, path, parent)
                initial.append(a)
                complete.append(b)
                own.append(c)
                continue
            assert isinstance(selection, InlineFragmentNode)  # spreads were inlined
            defer = _active(GraphQLDeferDirective.name, selection, self.variables)
            if defer is not None:
                probe = probe or selection.type_condition is not None
                index = self._count
                self._count += 1
                inner_initial, inner_complete, inner_own = self.selection_sets(
                    selection.selection_set, path, index
                )
                condition = selection.type_condition
                self.deferred[index] = DeferredFragment(
                    index,
                    defer.get("label"),
                    path,
                    condition.name.value if condition is not None else None,
                    inner_own,
                    parent,
                )
                initial.append(_with(selection, inner_initial, skipped=True))
                complete.append(_with(selection, inner_complete))
                continue
            inner_initial, inner_complete, inner_own = self.selection_sets(
                selection.selection_set, path, parent
            )
            initial.append(_with(selection, inner_initial))
            complete.append(_with(selection, inner_complete))
            own.append(_with(selection, inner_own))
        if probe:
            for selections in (initial, complete, own):
                selections.append(_PROBE_FIELD)
        return (
            SelectionSetNode(selections=tuple(initial)),
            SelectionSetNode(selections=tuple(complete)),
            SelectionSetNode(selections=tuple(own)),
        )

    def _field(
        self, node: FieldNode, path: tuple[str, ...], parent: int | None
    ) -> tuple[FieldNode, FieldNode, FieldNode]:
        key = (node.alias or node.name).value
        stream = _active(GraphQLStreamDirective.name, node, self.variables)
        if stream is not None and parent is None:
            count = int(stream.get("initialCount") or 0)
            self.streamed.append(StreamedField(stream.get("label"), (*path, key), max(count, 0)))
        if node.selection_set is None:
            return node, node, node
        initial, complete, own = self.selection_sets(node.selection_set, (*path, key), parent)
        return _field_with(node, initial), _field_with(node, complete), _field_with(node, own)


def _active(
    name: str, node: FieldNode | InlineFragmentNode, variables: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The directive's argument values when it is present and not turned off by ``if``."""
    directive = GraphQLDeferDirective if name == "defer" else GraphQLStreamDirective
    if not any(d.name.value == name for d in node.directives or ()):
        return None
    values = get_directive_values(directive, node, VariableValues({}, dict(variables)))
    if values is None or values.get("if") is False:
        return None
    return values


def _skip_true() -> DirectiveNode:
    return DirectiveNode(
        name=NameNode(value="skip"),
        arguments=(ArgumentNode(name=NameNode(value="if"), value=BooleanValueNode(value=True)),),
    )


def _include_false() -> DirectiveNode:
    return DirectiveNode(
        name=NameNode(value="include"),
        arguments=(ArgumentNode(name=NameNode(value="if"), value=BooleanValueNode(value=False)),),
    )


def _with(
    node: InlineFragmentNode, selection_set: SelectionSetNode, *, skipped: bool = False
) -> InlineFragmentNode:
    directives = tuple(node.directives or ())
    if skipped:
        has_skip = any(d.name.value == "skip" for d in directives)
        directives = (*directives, _include_false() if has_skip else _skip_true())
    return InlineFragmentNode(
        type_condition=node.type_condition, directives=directives, selection_set=selection_set
    )


def _field_with(node: FieldNode, selection_set: SelectionSetNode) -> FieldNode:
    return FieldNode(
        alias=node.alias,
        name=node.name,
        arguments=node.arguments,
        directives=node.directives,
        selection_set=selection_set,
    )


def split_operation(
    parsed: ParsedOperation, variables: Mapping[str, Any]
) -> IncrementalSplit | None:
    """The split for these (coerced) variables; ``None`` when nothing is deferred or streamed."""
    if not parsed.has_incremental:
        return None
    operation = parsed.operation
    inlined = inline_spreads(operation.selection_set, parsed.fragments)
    walk = _Walk(variables)
    initial, complete, own = walk.selection_sets(inlined, (), None)
    if not walk.deferred and not walk.streamed:
        return None
    return IncrementalSplit(
        operation_type=parsed.operation_type,
        initial_document=_print(operation, initial),
        complete_document=_print(operation, complete),
        initial_selection=own,
        deferred=tuple(walk.deferred[index] for index in sorted(walk.deferred)),
        streamed=tuple(walk.streamed),
    )


def _print(operation: OperationDefinitionNode, selection_set: SelectionSetNode) -> str:
    return print_ast(
        OperationDefinitionNode(
            operation=operation.operation,
            name=operation.name,
            variable_definitions=operation.variable_definitions,
            directives=operation.directives,
            selection_set=selection_set,
        )
    )
