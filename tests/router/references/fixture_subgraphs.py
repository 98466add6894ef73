"""In-process subgraphs of the ``refs`` fixture: accounts and catalog own the entities that
orders' mutation arguments reference (orders' own ``User`` stub resolves any id)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import GraphQLSchema

from tests.router.engine.local_subgraphs import build_subgraph_schema

FIXTURE = Path(__file__).parent / "fixtures" / "refs"
USERS = {"u1": {"id": "u1", "name": "Ann"}, "u2": {"id": "u2", "name": "Bob"}}
PRODUCTS = {"p1": {"id": "p1", "title": "Tea"}, "p2": {"id": "p2", "title": "Cup"}}
ROOMS = {("A", 1): {"building": "A", "number": 1, "capacity": 8}}


def _sdl(name: str) -> str:
    return (FIXTURE / "subgraphs" / f"{name}.graphql").read_text()


@dataclass
class OrdersState:
    """What the orders subgraph has written: proves whether a mutation reached it."""

    writes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def write(self, mutation: str, arguments: dict[str, Any], result: Any) -> Any:
        self.writes.append((mutation, arguments))
        return result


def refs_schemas(state: OrdersState) -> dict[str, GraphQLSchema]:
    """Executable schemas of the three fixture subgraphs."""

    def place_order(_root: Any, _info: Any, **arguments: Any) -> Any:
        order = {
            "id": f"o{len(state.writes) + 1}",
            "buyer": {"id": arguments["buyerId"]},
            "products": [{"id": pid} for pid in arguments["input"]["productIds"]],
            "note": arguments["input"].get("note"),
        }
        return state.write("placeOrder", arguments, order)

    return {
        "accounts": build_subgraph_schema(
            _sdl("accounts"),
            {"user": lambda _r, _i, id: USERS.get(id)},
            {"User": lambda rep: USERS.get(rep["id"])},
        ),
        "catalog": build_subgraph_schema(
            _sdl("catalog"),
            {"products": lambda *_: list(PRODUCTS.values())},
            {
                "Product": lambda rep: PRODUCTS.get(rep["id"]),
                "Room": lambda rep: ROOMS.get((rep["building"], rep["number"])),
            },
        ),
        "orders": build_subgraph_schema(
            _sdl("orders"),
            {
                "orders": lambda *_: [],
                "ordersOf": lambda *_, **__: [],
                "Mutation.placeOrder": place_order,
                "Mutation.follow": lambda _r, _i, **a: state.write("follow", a, len(a["userIds"])),
                "Mutation.tag": lambda _r, _i, **a: state.write("tag", a, a["label"]),
                "Mutation.bookRoom": lambda _r, _i, **a: state.write("bookRoom", a, True),
                "Mutation.cancelOrder": lambda _r, _i, **a: state.write("cancelOrder", a, True),
            },
            {"User": lambda rep: {"id": rep["id"]}, "Order": lambda rep: None},
        ),
    }
