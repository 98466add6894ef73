"""In-process subgraphs (with data) for the `authz` fixture, on the engine tests' plumbing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphql import GraphQLSchema

from tests.router.engine.local_subgraphs import build_subgraph_schema

FIXTURES = Path(__file__).parent / "fixtures"

USERS = [
    {"id": "u1", "name": "Ann", "email": "ann@example.test", "level": "HIGH"},
    {"id": "u2", "name": "Bob", "email": "bob@example.test", "level": "LOW"},
]
NODES = [
    {"__typename": "Doc", "id": "d1", "title": "Doc title"},
    {"__typename": "SecretDoc", "id": "s1", "title": "Secret title"},
]
ITEMS = [NODES[0], {"__typename": "Vault", "id": "v1", "title": "Vault title"}]


def _sdl(name: str) -> str:
    return (FIXTURES / "authz" / "subgraphs" / f"{name}.graphql").read_text()


def _user_extras(rep: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rep["id"],
        "karma": 7,
        "secretScore": 42,
        "reviews": [{"body": f"review by {rep['id']}", "draft": "unpublished"}],
    }


def authz_schemas() -> dict[str, GraphQLSchema]:
    """`accounts` (root fields, users, abstract types) and `reviews` (User extensions)."""
    by_id = {user["id"]: user for user in USERS}
    return {
        "accounts": build_subgraph_schema(
            _sdl("accounts"),
            {
                "publicInfo": lambda *_: "hello",
                "me": lambda *_: USERS[0],
                "users": lambda *_: USERS,
                "team": lambda *_: USERS,
                "adminNote": lambda *_: "note",
                "report": lambda *_: "report",
                "audit": lambda *_: "audit",
                "budget": lambda *_: {"amount": 100},
                "nodes": lambda *_: NODES,
                "items": lambda *_: ITEMS,
                "requiredSecret": lambda *_: "secret",
                "Mutation.ping": lambda *_: "pong",
                "Mutation.resetAll": lambda *_: True,
            },
            {"User": lambda rep: by_id.get(rep["id"])},
        ),
        "reviews": build_subgraph_schema(_sdl("reviews"), {}, {"User": _user_extras}),
    }
