"""A small API schema for the normalization tests (no federation needed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    GraphQLSchema,
    OperationDefinitionNode,
    build_schema,
    parse,
    validate,
)

from router.normalize import NormalizedOperation, normalize_operation

SCHEMA: GraphQLSchema = build_schema("""
type Query {
  media: [Media!]!
  results: [Result!]!
  book: Book
  grid: [[Int!]]!
  color: Color
  colors: [Color!]
}
interface Node { id: ID! }
interface Media implements Node { id: ID! title: String! owner: Owner }
type Owner { name: String nick: String }
type Book implements Media & Node {
  id: ID! title: String! owner: Owner author: String pages(min: Int): Int tone: Color!
}
type Movie implements Media & Node { id: ID! title: String! owner: Owner director: String }
union Result = Book | Movie
enum Color { RED GREEN }
""")


def normalized(query: str, variables: Mapping[str, Any] | None = None) -> NormalizedOperation:
    """`query` validated and normalized on SCHEMA (`variables` None: for any values)."""
    document = parse(query)
    assert not validate(SCHEMA, document)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return normalize_operation(SCHEMA, operation, fragments, variables)
