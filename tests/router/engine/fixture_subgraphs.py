"""In-process subgraphs (with data) for the `misc` and `keys` fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphql import GraphQLSchema

from tests.router.engine.local_subgraphs import build_subgraph_schema

FIXTURES = Path(__file__).parent / "fixtures"


def _sdl(fixture: str, name: str) -> str:
    return (FIXTURES / fixture / "subgraphs" / f"{name}.graphql").read_text()


BOOK = {"__typename": "Book", "id": "b1", "title": "Dune"}
MOVIE = {"__typename": "Movie", "id": "m1", "title": "Alien"}


def misc_schemas() -> dict[str, GraphQLSchema]:
    """Interfaces, unions, @interfaceObject, @override (with label), @inaccessible."""
    by_id = {"b1": BOOK, "m1": MOVIE}
    return {
        "a": build_subgraph_schema(
            _sdl("misc", "a"),
            {
                "nodes": lambda *_: [BOOK],
                "media": lambda *_: [BOOK, MOVIE],
                "secret": lambda *_: "s3cr3t",
                "thing": lambda _r, _i, id: {"id": id, "name": "A-name", "hidden": 1},
            },
            {
                "Book": lambda rep: by_id.get(rep["id"]),
                "Movie": lambda rep: by_id.get(rep["id"]),
                "Thing": lambda rep: {"id": rep["id"], "name": "A-name", "hidden": 1},
            },
        ),
        "b": build_subgraph_schema(
            _sdl("misc", "b"),
            {},
            {
                "Node": lambda rep: {"id": rep["id"], "createdAt": f"2020:{rep['id']}"},
                "Thing": lambda rep: {"id": rep["id"], "name": "B-name", "size": 3},
            },
        ),
    }


ORGS: dict[str, dict[str, Any]] = {
    "o1": {"id": "o1", "name": "Acme", "matrix": [[1, 2], [3]]},
    "o2": {"id": "o2", "name": "Globex", "matrix": None},
}
USERS: list[dict[str, Any]] = [
    {"id": "u1", "login": "ann", "org": {"id": "o1"}},
    {"id": "u2", "login": "bob", "org": {"id": "o2"}},
]
K2_USERS: dict[tuple[str, str], dict[str, Any]] = {
    ("o1", "ann"): {"email": "ann@acme.test", "score": 10},
    ("o2", "bob"): {"email": None, "score": None},  # score is non-null: the subgraph errors
}


def keys_schemas() -> dict[str, GraphQLSchema]:
    """Multiple and compound keys, resolvable: false, @requires with arguments, mutations."""
    counter = {"value": 0}

    def increment(_root: Any, _info: Any, by: int) -> int:
        counter["value"] += by
        return counter["value"]

    def k1_user(rep: dict[str, Any]) -> Any:
        if "id" in rep:
            return next((u for u in USERS if u["id"] == rep["id"]), None)
        return next(
            (u for u in USERS if u["login"] == rep["login"] and u["org"]["id"] == rep["org"]["id"]),
            None,
        )

    def k2_user(rep: dict[str, Any]) -> Any:
        found = K2_USERS.get((rep["org"]["id"], rep["login"]))
        return None if found is None else {"org": rep["org"], "login": rep["login"], **found}

    def greeting(user: dict[str, Any], _info: Any, punctuation: str = "!") -> str:
        if "email" not in user:
            raise ValueError("email was not provided by the router")
        return f"Hello {user['email']}{punctuation}"

    def rename(_root: Any, _info: Any, id: str, name: str) -> Any:
        ORGS[id] = {**ORGS[id], "name": name}
        return ORGS[id]

    return {
        "k1": build_subgraph_schema(
            _sdl("keys", "k1"),
            {
                "users": lambda *_: USERS,
                "counter": lambda *_: counter["value"],
                "Mutation.increment": increment,
                "Mutation.createUser": lambda _r, _i, login: {
                    "id": "u9",
                    "login": login,
                    "org": {"id": "o1"},
                },
            },
            {"User": k1_user, "Org": lambda rep: {"id": rep["id"]}},
        ),
        "k2": build_subgraph_schema(_sdl("keys", "k2"), {}, {"User": k2_user}),
        "k3": build_subgraph_schema(
            _sdl("keys", "k3"),
            {"orgs": lambda *_: list(ORGS.values()), "Mutation.renameOrg": rename},
            {"Org": lambda rep: ORGS.get(rep["id"]), "User": lambda rep: dict(rep)},
            {"User.greeting": greeting},
        ),
    }
