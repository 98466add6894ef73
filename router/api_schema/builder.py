"""The client-facing GraphQL schema built from the supergraph."""

from __future__ import annotations

from graphql import GraphQLSchema, build_ast_schema, parse

from router.api_schema.strip import strip_supergraph
from router.supergraph.links import read_links


def build_api_schema(supergraph_sdl: str) -> GraphQLSchema:
    """API schema: what clients may query and introspect."""
    document = parse(supergraph_sdl, no_location=True)
    return build_ast_schema(strip_supergraph(document, read_links(document)), assume_valid_sdl=True)
