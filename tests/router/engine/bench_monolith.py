"""The benchmark data served by ONE graphql-core schema (the API schema): a test oracle."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema, build_schema, print_schema

from router.api_schema import build_api_schema
from tests.router.engine.bench_subgraphs import FIXTURE, IN_STOCK, PRODUCTS, REVIEWS, USERS


def _product(upc: str) -> dict[str, Any]:
    return next(p for p in PRODUCTS if p["upc"] == upc)


def _reviews(predicate: Any) -> list[dict[str, Any]]:
    return [
        {"id": r["id"], "body": r["body"], "authorID": r["authorID"], "upc": r["product"]["upc"]}
        for r in REVIEWS
        if predicate(r)
    ]


def monolith_schema() -> GraphQLSchema:
    """API schema of the bench supergraph, executable over the same data."""
    api = build_api_schema((FIXTURE / "supergraph.graphql").read_text())
    schema = build_schema(print_schema(api))
    resolvers: dict[str, Any] = {
        "Query.me": lambda *_: USERS["1"],
        "Query.user": lambda _r, _i, id: USERS.get(id),
        "Query.users": lambda *_: list(USERS.values()),
        "Query.topProducts": lambda _r, _i, first=5: PRODUCTS[:first],
        "User.reviews": lambda user, _i: _reviews(lambda r: r["authorID"] == user["id"]),
        "Product.reviews": lambda p, _i: _reviews(lambda r: r["product"]["upc"] == p["upc"]),
        "Product.inStock": lambda p, _i: IN_STOCK[p["upc"]],
        "Product.shippingEstimate": lambda p, _i: 0 if p["price"] > 1000 else p["weight"] // 2,
        "Review.author": lambda r, _i: USERS[r["authorID"]],
        "Review.product": lambda r, _i: _product(r["upc"]),
    }
    for name, resolver in resolvers.items():
        type_name, field_name = name.split(".")
        schema.get_type(type_name).fields[field_name].resolve = resolver  # type: ignore[union-attr]
    return schema
