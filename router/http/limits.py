"""Operation complexity limits: size, tokens and nesting of the source; depth, aliases and
root fields of the selected operation (fragments expanded, each fragment measured once).

Introspection's ``ofType`` chains do not count towards depth: they follow the fixed wrapping
of a type reference, so GraphiQL's introspection query passes with the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import GraphQLSyntaxError
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    Lexer,
    OperationDefinitionNode,
    SelectionSetNode,
    Source,
    TokenKind,
)

_OPENING = frozenset((TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L))
_CLOSING = frozenset((TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R))
_UNCOUNTED_FIELDS = frozenset(("ofType",))


@dataclass(frozen=True, slots=True)
class DocumentLimits:
    """Upper bounds; a request over any of them fails with ``QUERY_TOO_COMPLEX``."""

    max_document_bytes: int
    max_tokens: int
    max_depth: int
    max_aliases: int
    max_root_fields: int

    @property
    def max_nesting(self) -> int:
        """Bracket nesting allowed in the source (guards the recursive parser)."""
        return max(64, 4 * self.max_depth)


def source_violation(query: str, limits: DocumentLimits) -> str | None:
    """Check size, token count and nesting before parsing; return the reason or ``None``."""
    size = len(query) if query.isascii() else len(query.encode())
    if size > limits.max_document_bytes:
        return f"The document is {size} bytes; the limit is {limits.max_document_bytes}."
    lexer = Lexer(Source(query))
    tokens = nesting = 0
    try:
        token = lexer.advance()
        while token.kind is not TokenKind.EOF:
            tokens += 1
            if tokens > limits.max_tokens:
                return f"The document has more than {limits.max_tokens} tokens."
            if token.kind in _OPENING:
                nesting += 1
                if nesting > limits.max_nesting:
                    return f"The document nests deeper than {limits.max_nesting} levels."
            elif token.kind in _CLOSING:
                nesting -= 1
            token = lexer.advance()
    except GraphQLSyntaxError:
        return None  # the parser reports syntax errors with locations
    return None


def operation_violation(
    document: DocumentNode, operation_name: str | None, limits: DocumentLimits
) -> str | None:
    """Check depth, aliases and root fields of the executed operation."""
    operation = _select_operation(document, operation_name)
    if operation is None:
        return None
    measure = _SelectionMeasure(document)
    depth, aliases = measure.selection_set(operation.selection_set)
    if depth > limits.max_depth:
        return f"The operation is {depth} levels deep; the limit is {limits.max_depth}."
    if aliases > limits.max_aliases:
        return f"The operation uses {aliases} aliases; the limit is {limits.max_aliases}."
    root_fields = measure.field_count(operation.selection_set)
    if root_fields > limits.max_root_fields:
        return (
            f"The operation selects {root_fields} root fields; "
            f"the limit is {limits.max_root_fields}."
        )
    return None


def _select_operation(
    document: DocumentNode, operation_name: str | None
) -> OperationDefinitionNode | None:
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            operation_name is None
            or (definition.name is not None and definition.name.value == operation_name)
        ):
            return definition
    return None


class _SelectionMeasure:
    """Depth and alias count of selection sets, memoised per fragment."""

    def __init__(self, document: DocumentNode) -> None:
        self._fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self._measured: dict[str, tuple[int, int]] = {}
        self._counted: dict[str, int] = {}

    def selection_set(self, selection_set: SelectionSetNode) -> tuple[int, int]:
        depth = aliases = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                child_depth, child_aliases = (
                    self.selection_set(selection.selection_set)
                    if selection.selection_set is not None
                    else (0, 0)
                )
                step = 0 if selection.name.value in _UNCOUNTED_FIELDS else 1
                depth = max(depth, child_depth + step)
                aliases += child_aliases + (selection.alias is not None)
            elif isinstance(selection, InlineFragmentNode):
                child_depth, child_aliases = self.selection_set(selection.selection_set)
                depth, aliases = max(depth, child_depth), aliases + child_aliases
            elif isinstance(selection, FragmentSpreadNode):
                child_depth, child_aliases = self._fragment(selection.name.value)
                depth, aliases = max(depth, child_depth), aliases + child_aliases
        return depth, aliases

    def field_count(self, selection_set: SelectionSetNode) -> int:
        """Fields selected at this level, through inline fragments and spreads."""
        count = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                count += 1
            elif isinstance(selection, InlineFragmentNode):
                count += self.field_count(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                count += self._fragment_field_count(selection.name.value)
        return count

    def _fragment_field_count(self, name: str) -> int:
        counted = self._counted.get(name)
        if counted is None:
            fragment = self._fragments.get(name)
            self._counted[name] = 0  # breaks cycles; validation rejects them anyway
            counted = self.field_count(fragment.selection_set) if fragment else 0
            self._counted[name] = counted
        return counted

    def _fragment(self, name: str) -> tuple[int, int]:
        measured = self._measured.get(name)
        if measured is None:
            fragment = self._fragments.get(name)
            self._measured[name] = (0, 0)  # breaks cycles; validation rejects them anyway
            measured = self.selection_set(fragment.selection_set) if fragment else (0, 0)
            self._measured[name] = measured
        return measured
