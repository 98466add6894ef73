"""A tiny Strawberry Federation v2 subgraph ("users") for the HTTP-layer tests.

Run: ``python -m tests.router.http.subgraph_app --port N`` or ``--print-sdl``.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

import strawberry
import uvicorn
from strawberry.asgi import GraphQL
from strawberry.types import Info

NAMES = {"1": "Ada", "2": "Grace", "3": "Barbara"}


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID
    name: str

    @strawberry.field
    def friends(self) -> list[User]:
        return [User(id=strawberry.ID(key), name=name) for key, name in NAMES.items()]

    @strawberry.field
    def best_friend(self) -> User:
        key = str(int(self.id) % len(NAMES) + 1) if str(self.id).isdigit() else "1"
        return User(id=strawberry.ID(key), name=NAMES[key])

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return User(id=id, name=NAMES.get(str(id), "unknown"))


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "world"

    @strawberry.field
    def user(self, id: strawberry.ID) -> User | None:
        name = NAMES.get(str(id))
        return User(id=id, name=name) if name else None

    @strawberry.field
    def echo_header(self, info: Info[Any, None], name: str) -> str | None:
        """The value of an incoming HTTP header: shows what the router forwards."""
        value = info.context["request"].headers.get(name)
        return str(value) if value is not None else None

    @strawberry.field
    def failing(self) -> str | None:
        """Always an error (for error placement tests)."""
        raise ValueError("failing on purpose")

    @strawberry.field
    async def slow(self, milliseconds: int) -> str:
        await asyncio.sleep(milliseconds / 1000)
        return "done"


@strawberry.type
class Mutation:
    @strawberry.mutation
    def rename(self, id: strawberry.ID, name: str) -> User:
        return User(id=id, name=name)


schema = strawberry.federation.Schema(
    query=Query, mutation=Mutation, types=[User], federation_version="2.9"
)


graphql_app = GraphQL(schema)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The subgraph, plus ``/broken``: a 502 with an HTML body, like a failing proxy."""
    if scope["type"] == "http" and scope["path"] == "/broken":
        await send(
            {
                "type": "http.response.start",
                "status": 502,
                "headers": [(b"content-type", b"text/html")],
            }
        )
        await send({"type": "http.response.body", "body": b"<h1>Bad gateway</h1>"})
        return
    await graphql_app(scope, receive, send)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--print-sdl", action="store_true")
    args = parser.parse_args()
    if args.print_sdl:
        print(schema.as_str())
        return
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
