"""The schema operations are validated against: the API schema plus @defer and @stream.

Introspection does not list the two directives: it reads the API schema, the supergraph's.
"""

from __future__ import annotations

from graphql import GraphQLDeferDirective, GraphQLSchema, GraphQLStreamDirective


def validation_schema(api_schema: GraphQLSchema) -> GraphQLSchema:
    """``api_schema`` that also knows the incremental-delivery directives."""
    return GraphQLSchema(
        query=api_schema.query_type,
        mutation=api_schema.mutation_type,
        subscription=api_schema.subscription_type,
        types=tuple(api_schema.type_map.values()),
        directives=(*api_schema.directives, GraphQLDeferDirective, GraphQLStreamDirective),
        assume_valid=True,
    )
