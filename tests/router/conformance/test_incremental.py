"""``@defer`` on every conformance case: each query's selections deferred (one level, then two
levels deep) must reassemble into the answer the same query gets without ``@defer``."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    ArgumentNode,
    DirectiveNode,
    FieldNode,
    GraphQLError,
    InlineFragmentNode,
    NameNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    StringValueNode,
    parse,
    print_ast,
)

from tests.router.conformance.cases import all_cases
from tests.router.conformance.conftest import Stack
from tests.router.conformance.harness import Case
from tests.support.incremental import MULTIPART_ACCEPT, read_parts, reassemble


def _deferred(
    selection_set: SelectionSetNode, depth: int, label: str, typename: bool = False
) -> SelectionSetNode:
    """Each field's sub-selection wrapped in ``... @defer``, ``depth`` levels down (labels
    are unique: ``label`` plus the response keys and the position)."""
    selections: list[SelectionNode] = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode) and selection.selection_set is not None:
            key = f"{(selection.alias or selection.name).value}#{len(selections)}"
            inner = selection.selection_set
            if depth > 1:
                inner = _deferred(inner, depth - 1, f"{label}.{key}", typename)
            defer = DirectiveNode(
                name=NameNode(value="defer"),
                arguments=(
                    ArgumentNode(
                        name=NameNode(value="label"),
                        value=StringValueNode(value=f"{label}.{key}"),
                    ),
                ),
            )
            wrapped = InlineFragmentNode(directives=(defer,), selection_set=inner)
            selection = FieldNode(
                alias=selection.alias,
                name=selection.name,
                arguments=selection.arguments,
                directives=selection.directives,
                selection_set=SelectionSetNode(
                    selections=(TYPENAME, wrapped) if typename else (wrapped,)
                ),
            )
        selections.append(selection)
    return SelectionSetNode(selections=tuple(selections))


def deferred_variant(case: Case, depth: int, typename: bool = False) -> str | None:
    """The case's query with its selections deferred ``depth`` levels deep (``None`` when
    the case has no query to defer); ``typename`` keeps ``__typename`` next to each deferred
    fragment."""
    try:
        document = parse(case.query)
    except GraphQLError:  # cases about syntax errors
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation.value != "query":
        return None
    if "__schema" in case.query or "__type" in case.query:
        return None
    operation = operations[0]
    deferred = _deferred(operation.selection_set, depth, "root", typename)
    if "@defer" not in print_ast(deferred):
        return None
    definitions = [
        d
        if d is not operation
        else OperationDefinitionNode(
            operation=d.operation,
            name=d.name,
            variable_definitions=d.variable_definitions,
            directives=d.directives,
            selection_set=deferred,
        )
        for d in document.definitions
    ]
    return print_ast(document.__class__(definitions=tuple(definitions)))


TYPENAME = FieldNode(name=NameNode(value="__typename"))


def _params() -> list[object]:
    params: list[object] = []
    for case, supergraph in all_cases():
        for depth in (1, 2):
            query = deferred_variant(case, depth)
            if query is not None:
                params.append(pytest.param(case, supergraph, query, id=f"{case.id}-defer{depth}"))
    return params


@pytest.mark.parametrize(("case", "supergraph", "query"), _params())
def test_deferred_answer_reassembles_to_the_plain_answer(
    case: Case, supergraph: Path, query: str, stack: Stack
) -> None:
    plain = stack.ours(case, supergraph)
    body: dict[str, object] = {"query": query}
    if case.variables is not None:
        body["variables"] = case.variables
    if case.operation_name is not None:
        body["operationName"] = case.operation_name
    response = stack.client.post(
        stack.routers[supergraph][1],
        json=body,
        headers={"content-type": "application/json", "accept": MULTIPART_ACCEPT},
    )
    assert response.status_code == 200, response.text
    if "data" not in plain:  # a request error comes back whole, as for any request
        codes = [e["extensions"]["code"] for e in response.json()["errors"]]
        assert codes == [e["extensions"]["code"] for e in plain["errors"]]
        return
    payloads = read_parts(response)
    reassembled = reassemble(payloads)  # asserts the protocol (ids, hasNext)
    if not plain.get("errors") and isinstance(plain.get("data"), dict):
        assert reassembled == {"data": plain["data"]}, payloads
    else:  # a deferred fragment stops null bubbling at its boundary: same errors, as many
        assert len(reassembled.get("errors", [])) >= 1, payloads
        assert all(error.get("message") for error in reassembled["errors"]), payloads
