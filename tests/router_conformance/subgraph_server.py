"""One generic, declarative Federation v2 subgraph server for the conformance fixtures.

Every ``fixtures/<fixture>/<name>.graphql`` (with its ``<name>.json`` data file) is served at
``/<fixture>/<name>/graphql``. Data file keys (all optional):

- ``Query`` / ``Mutation``: static values of root fields.
- ``entities``: ``{TypeName: [object, ...]}``; ``_entities`` matches representations against
  these objects by the type's ``@key`` field sets. A type absent here is echoed back from its
  representation (a subgraph that stores nothing for it but computes fields from it).
- ``resolvers``: ``{"Type.field": "python expression"}`` evaluated with ``obj`` (parent value,
  including representation fields), ``args``, ``state`` (mutable dict shared by all subgraphs of
  the fixture), ``find(type, **match)`` and ``all(type)``.
- ``delay_seconds``: sleep before answering every request (slow subgraph).

Values may be ``{"$ref": "Type", <key fields>}`` (resolved to an entity) or
``{"$error": "message", "extensions": {...}}`` (the field raises that GraphQL error).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLResolveInfo,
    GraphQLSchema,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    SchemaExtensionNode,
    SelectionSetNode,
    StringValueNode,
    build_ast_schema,
    graphql,
    parse,
)

FIXTURES_DIR = Path(__file__).parent / "fixtures"

FEDERATION_PRELUDE = """
scalar _Any
scalar link__Import
scalar FieldSet
enum link__Purpose { SECURITY EXECUTION }
type _Service { sdl: String }
directive @link(url: String!, as: String, import: [link__Import], for: link__Purpose)
  repeatable on SCHEMA
directive @key(fields: FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
directive @requires(fields: FieldSet!) on FIELD_DEFINITION
directive @provides(fields: FieldSet!) on FIELD_DEFINITION
directive @external on OBJECT | FIELD_DEFINITION
directive @shareable repeatable on OBJECT | FIELD_DEFINITION
directive @override(from: String!, label: String) on FIELD_DEFINITION
directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION
  | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
directive @interfaceObject on OBJECT
directive @composeDirective(name: String!) repeatable on SCHEMA
directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
directive @extends on OBJECT | INTERFACE
"""

Json = Any
Resolver = Callable[..., Any]


def _key_selections(document: DocumentNode) -> dict[str, list[SelectionSetNode]]:
    """Parse every ``@key(fields: ...)`` of every object type into a selection set."""
    keys: dict[str, list[SelectionSetNode]] = {}
    for definition in document.definitions:
        if not isinstance(definition, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
            continue
        for directive in definition.directives or ():
            if directive.name.value != "key":
                continue
            for argument in directive.arguments or ():
                if argument.name.value == "fields" and isinstance(argument.value, StringValueNode):
                    selection = parse("{" + argument.value.value + "}").definitions[0]
                    keys.setdefault(definition.name.value, []).append(
                        selection.selection_set  # type: ignore[attr-defined]
                    )
    return keys


def _project(value: Json, selection: SelectionSetNode) -> Json:
    """Project ``value`` on a key selection; ``KeyError`` when a key field is absent."""
    if isinstance(value, list):
        return [_project(item, selection) for item in value]
    if not isinstance(value, dict):
        raise KeyError("not an object")
    projected: dict[str, Json] = {}
    for node in selection.selections:
        assert isinstance(node, FieldNode)
        name = node.name.value
        item = value[name]
        projected[name] = (
            _project(item, node.selection_set) if node.selection_set and item is not None else item
        )
    return projected


@dataclass
class Subgraph:
    """One subgraph: its executable schema, declarative data and shared fixture state."""

    name: str
    sdl: str
    data: dict[str, Json]
    state: MutableMapping[str, Json]
    schema: GraphQLSchema = field(init=False)
    keys: dict[str, list[SelectionSetNode]] = field(init=False)

    def __post_init__(self) -> None:
        document = parse(self.sdl)
        self.keys = _key_selections(document)
        object_types = {
            d.name.value for d in document.definitions if isinstance(d, ObjectTypeDefinitionNode)
        }
        entity_types = [name for name in self.keys if name in object_types]
        definitions = [d for d in document.definitions if not isinstance(d, SchemaExtensionNode)]
        has_query = any(
            isinstance(d, ObjectTypeDefinitionNode) and d.name.value == "Query" for d in definitions
        )
        entity_fields = "_entities(representations: [_Any!]!): [_Entity]!" if entity_types else ""
        extra = f"union _Entity = {' | '.join(entity_types)}\n" if entity_types else ""
        extra += (
            f"{'extend type' if has_query else 'type'} Query {{ _service: _Service! "
            f"{entity_fields} }}"
        )
        full = parse(FEDERATION_PRELUDE + "\n" + extra)
        merged = DocumentNode(definitions=(*full.definitions, *definitions))
        self.schema = build_ast_schema(merged, assume_valid_sdl=True)

    # --- value resolution -------------------------------------------------------------
    def all(self, type_name: str) -> list[dict[str, Json]]:
        return [{"__typename": type_name, **o} for o in self.data["entities"][type_name]]

    def find(self, type_name: str, **match: Json) -> dict[str, Json] | None:
        for candidate in self.all(type_name):
            if all(candidate.get(k) == v for k, v in match.items()):
                return candidate
        return None

    def materialize(self, value: Json) -> Json:
        """Turn ``$ref`` / ``$error`` markers into entities / raised errors."""
        if isinstance(value, list):
            return [self.materialize(item) for item in value]
        if isinstance(value, dict):
            if "$error" in value:
                return GraphQLError(value["$error"], extensions=value.get("extensions"))
            if "$ref" in value:
                match = {k: v for k, v in value.items() if k != "$ref"}
                return self.find(value["$ref"], **match)
        return value

    def resolve_entity(self, representation: dict[str, Json]) -> Json:
        type_name = representation["__typename"]
        abstract = self.schema.get_type(type_name)
        if isinstance(abstract, GraphQLInterfaceType):  # entity interface: find the object
            candidate_types = [t.name for t in self.schema.get_possible_types(abstract)]
        else:
            candidate_types = [type_name]
        stored = [
            candidate
            for name in candidate_types
            if name in self.data.get("entities", {})
            for candidate in self.all(name)
        ]
        if not stored and type_name not in self.data.get("entities", {}):
            return dict(representation)
        for selection in self.keys.get(type_name, []):
            try:
                wanted = _project(representation, selection)
            except KeyError:
                continue
            for candidate in stored:
                try:
                    if _project(candidate, selection) == wanted:
                        return {**representation, **candidate}
                except KeyError:
                    continue
        return None

    def field_resolver(self, source: Json, info: GraphQLResolveInfo[Any], **args: Json) -> Json:
        type_name = info.parent_type.name
        name = info.field_name
        if type_name == "Query" and name == "_service":
            return {"sdl": self.sdl}
        if type_name == "Query" and name == "_entities":
            return [self.resolve_entity(rep) for rep in args["representations"]]
        expression = self.data.get("resolvers", {}).get(f"{type_name}.{name}")
        if expression is not None:
            namespace = {
                "obj": source,
                "args": args,
                "state": self.state,
                "find": self.find,
                "all": self.all,
            }
            value = eval(expression, namespace)
        elif isinstance(source, dict):
            value = source.get(name)
        else:
            value = None
        # graphql-core raises a GraphQLError found as a field value or as a list item.
        return self.materialize(value)

    async def execute(self, body: dict[str, Json]) -> dict[str, Json]:
        delay = float(self.data.get("delay_seconds", 0))
        if delay:
            await asyncio.sleep(delay)
        result = await graphql(
            self.schema,
            body.get("query", ""),
            root_value={**self.data.get("Query", {}), **self.data.get("Mutation", {})},
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
            field_resolver=self.field_resolver,
        )
        return dict(result.formatted)


def load_fixture_subgraphs(fixtures_dir: Path, only: list[str]) -> dict[str, Subgraph]:
    """Map ``/<fixture>/<name>/graphql`` to its subgraph for every fixture on disk (or only
    the ``fixture`` / ``fixture/name`` entries of ``only``)."""
    routes: dict[str, Subgraph] = {}
    for fixture in sorted(p for p in fixtures_dir.iterdir() if p.is_dir()):
        state: dict[str, Json] = {}
        for sdl_file in sorted(fixture.glob("*.graphql")):
            selected = not only or {fixture.name, f"{fixture.name}/{sdl_file.stem}"} & set(only)
            if sdl_file.name == "supergraph.graphql" or not selected:
                continue
            data_file = sdl_file.with_suffix(".json")
            data = json.loads(data_file.read_text()) if data_file.exists() else {}
            subgraph = Subgraph(sdl_file.stem, sdl_file.read_text(), data, state)
            routes[f"/{fixture.name}/{sdl_file.stem}/graphql"] = subgraph
    return routes


Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def make_app(routes: dict[str, Subgraph]) -> Callable[..., Awaitable[None]]:
    """A minimal ASGI app: POST JSON GraphQL to a subgraph path, GET /health."""

    async def respond(send: Send, status: int, payload: Json) -> None:
        body = json.dumps(payload).encode()
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path = scope["path"]
        if path == "/health":
            await respond(send, 200, {"status": "ok", "subgraphs": sorted(routes)})
            return
        subgraph = routes.get(path)
        if subgraph is None:
            await respond(send, 404, {"errors": [{"message": f"no subgraph at {path}"}]})
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        try:
            body = json.loads(b"".join(chunks) or b"{}")
        except json.JSONDecodeError:
            await respond(send, 400, {"errors": [{"message": "invalid JSON body"}]})
            return
        await respond(send, 200, await subgraph.execute(body))

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES_DIR)
    parser.add_argument(
        "--only", action="append", default=[], help="serve only this fixture[/subgraph]"
    )
    args = parser.parse_args()
    app = make_app(load_fixture_subgraphs(args.fixtures, args.only))
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
