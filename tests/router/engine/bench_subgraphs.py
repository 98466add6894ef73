"""The classic accounts/inventory/products/reviews subgraphs with their data."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema

from tests.router.engine.local_subgraphs import build_subgraph_schema
from tests.support.processes import PROJECT_ROOT

FIXTURE = PROJECT_ROOT / "bench"  # the benchmark's own subgraphs/ and supergraph.graphql

USERS: dict[str, dict[str, Any]] = {
    "1": {"id": "1", "name": "Ada Lovelace", "birthday": 1815, "username": "@ada"},
    "2": {"id": "2", "name": "Alan Turing", "birthday": 1912, "username": "@complete"},
}
PRODUCTS: list[dict[str, Any]] = [
    {"upc": "1", "name": "Table", "price": 899, "weight": 100},
    {"upc": "2", "name": "Couch", "price": 1299, "weight": 1000},
    {"upc": "3", "name": "Chair", "price": 54, "weight": 50},
]
IN_STOCK = {"1": True, "2": False, "3": True}
REVIEWS: list[dict[str, Any]] = [
    {"id": "1", "authorID": "1", "product": {"upc": "1"}, "body": "Love it!"},
    {"id": "2", "authorID": "1", "product": {"upc": "2"}, "body": "Too expensive."},
    {"id": "3", "authorID": "2", "product": {"upc": "3"}, "body": "Could be better."},
    {"id": "4", "authorID": "2", "product": {"upc": "1"}, "body": "Prefer something else."},
]


def _review(review: dict[str, Any]) -> dict[str, Any]:
    author = USERS[review["authorID"]]
    return {
        "__typename": "Review",
        "id": review["id"],
        "body": review["body"],
        "product": {"__typename": "Product", **review["product"]},
        "author": {"__typename": "User", "id": author["id"], "username": author["username"]},
    }


def _sdl(name: str) -> str:
    return (FIXTURE / "subgraphs" / f"{name}.graphql").read_text()


def _shipping(product: dict[str, Any], _info: Any) -> int:
    price, weight = product.get("price"), product.get("weight")
    if price is None or weight is None:
        raise ValueError("requires fields missing from the representation")
    return 0 if price > 1000 else int(weight) // 2


def bench_schemas() -> dict[str, GraphQLSchema]:
    """name -> executable subgraph schema."""
    return {
        "accounts": build_subgraph_schema(
            _sdl("accounts"),
            {
                "me": lambda *_: USERS["1"],
                "user": lambda _r, _i, id: USERS.get(id),
                "users": lambda *_: list(USERS.values()),
            },
            {"User": lambda rep: USERS.get(rep["id"])},
        ),
        "inventory": build_subgraph_schema(
            _sdl("inventory"),
            {},
            {"Product": lambda rep: {**rep, "inStock": IN_STOCK[rep["upc"]]}},
            {"Product.shippingEstimate": _shipping},
        ),
        "products": build_subgraph_schema(
            _sdl("products"),
            {"topProducts": lambda _r, _i, first=5: PRODUCTS[:first]},
            {"Product": lambda rep: next((p for p in PRODUCTS if p["upc"] == rep["upc"]), None)},
        ),
        "reviews": build_subgraph_schema(
            _sdl("reviews"),
            {},
            {
                "Review": lambda rep: next(
                    (_review(r) for r in REVIEWS if r["id"] == rep["id"]), None
                ),
                "User": lambda rep: {"id": rep["id"]},
                "Product": lambda rep: {"upc": rep["upc"]},
            },
            {
                "User.reviews": lambda user, _info: [
                    _review(r) for r in REVIEWS if r["authorID"] == user["id"]
                ],
                "Product.reviews": lambda product, _info: [
                    _review(r) for r in REVIEWS if r["product"]["upc"] == product["upc"]
                ],
            },
        ),
    }
