"""The random operation generator and the response shape validator, without processes."""

from __future__ import annotations

import re

import pytest
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
    validate,
)

from tests.router.conformance.api_schema import from_supergraph
from tests.router.conformance.harness import FIXTURES_DIR, Fixture, load_fixtures, supergraph_of
from tests.router.conformance.random_operations import MAX_DEPTH, OperationGenerator
from tests.router.conformance.random_values import ValuePool
from tests.router.conformance.response_shape import shape_problems


def _generator(schema_dir_name: str, seed: str) -> tuple[GraphQLSchema, OperationGenerator]:
    schema_dir = FIXTURES_DIR / schema_dir_name
    schema = from_supergraph(supergraph_of(schema_dir_name).read_text())
    return schema, OperationGenerator(schema, ValuePool.from_fixture(schema_dir), seed)


def _depth(selection_set: SelectionSetNode | None, fragments: dict[str, SelectionSetNode]) -> int:
    depth = 0
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            depth = max(depth, 1 + _depth(selection.selection_set, fragments))
        elif isinstance(selection, InlineFragmentNode):
            depth = max(depth, _depth(selection.selection_set, fragments))
        else:
            depth = max(depth, _depth(fragments[selection.name.value], fragments))  # type: ignore[attr-defined]
    return depth


def _operation_depth(document: DocumentNode) -> int:
    fragments = {
        d.name.value: d.selection_set
        for d in document.definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    return _depth(operation.selection_set, fragments)


def test_same_seed_same_operations() -> None:
    first = _generator("operations", "s")[1].operations(20)
    assert first == _generator("operations", "s")[1].operations(20)
    assert first != _generator("operations", "t")[1].operations(20)


@pytest.mark.parametrize("fixture", load_fixtures(), ids=lambda f: f.name)
def test_operations_are_valid_and_shallow(fixture: Fixture) -> None:
    schema, generator = _generator(fixture.schema_dir.name, f"valid/{fixture.name}")
    for operation in generator.operations(25):
        document = parse(operation.query)
        assert validate(schema, document) == [], operation.query
        assert _operation_depth(document) <= MAX_DEPTH, operation.query


def test_operations_use_every_feature() -> None:
    queries = [o.query for o in _generator("abstract_types", "features")[1].operations(60)]
    queries += [o.query for o in _generator("operations", "features")[1].operations(60)]
    text = "\n".join(queries)
    features = {
        "fragment on a union member": r"\.\.\. on (Book|Author|Magazine) ",
        "fragment on the interface itself": r"\.\.\. on Node ",
        "named fragment": r"\nfragment F\d+ on ",
        "aliased __typename": r"t\d+: __typename",
        "@skip with a variable": r"@skip\(if: \$v\d+\)",
        "@include with a literal": r"@include\(if: (true|false)\)",
        "argument variable": r"\$arg\d+: ",
        "same field twice, different arguments": r"a\d+: posts\(limit: \d\) .*a\d+: posts\(",
        "input object argument": r"filter: \{",
    }
    missing = [name for name, pattern in features.items() if not re.search(pattern, text)]
    assert not missing


SHAPE_QUERY = "{ nodes { __typename ... on Book { id } ... on Author { id name } } }"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"nodes": [{"__typename": "Book", "id": "b1"}]}, None),
        ({"nodes": [{"__typename": "Author", "id": "a1"}]}, "missing key 'name'"),
        ({"nodes": [{"__typename": "Book", "id": "b1", "x": 1}]}, "unexpected key 'x'"),
        ({"nodes": [{"__typename": "Magazine", "id": "m"}]}, "__typename 'Magazine'"),
        ({"nodes": [{"__typename": "Book", "id": 7}]}, "7 is not a ID"),
        ({"nodes": [None]}, "null at non-null position"),
        ({"nodes": {"__typename": "Book", "id": "b1"}}, "expected"),
    ],
)
def test_shape_validator(data: object, problem: str | None) -> None:
    schema = from_supergraph(supergraph_of("abstract_types").read_text())
    problems = shape_problems(schema, parse(SHAPE_QUERY), {}, {"data": data})
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


def test_shape_validator_applies_skip_and_include() -> None:
    schema = from_supergraph(supergraph_of("operations").read_text())
    query = "query($v: Boolean!) { user(id: 1) { id @skip(if: $v) name @include(if: $v) } }"
    document = parse(query)
    good = {"data": {"user": {"name": "Ada"}}}
    assert shape_problems(schema, document, {"v": True}, good) == []
    assert shape_problems(schema, document, {"v": False}, good) != []
    assert shape_problems(schema, document, {"v": False}, {"data": None}) == [
        "no data and no errors"
    ]
