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

Values may be ``{"$ref": "Type", <key fields>}`` (resolved to an entity),
``{"$error": "message", "extensions": {...}}`` (the field raises that GraphQL error) or
``{"$raw": value}`` (an enum value sent as is, even one the subgraph schema lacks: a
misbehaving subgraph). A stored entity with an ``"$error"`` entry fails its ``_entities`` lookup.

The server is strict, as a real subgraph would be, so that a wrong plan cannot pass by accident:
queries are validated against the subgraph's own schema; a representation must carry the fields
of one resolvable ``@key`` (else its ``_entities`` item fails); its fields take precedence over
the stored entity (deep merge, the stored ``__typename`` wins); and a field with ``@requires`` is
only resolved on a representation that carries the whole required field set.
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
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    OperationDefinitionNode,
    SchemaExtensionNode,
    SelectionSetNode,
    StringValueNode,
    Visitor,
    build_ast_schema,
    get_named_type,
    graphql,
    parse,
    visit,
)

from tests.router.conformance.subgraph_ws import SubscriptionLog, serve_websocket

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


REPRESENTATION = "__representation"  # where a resolved entity keeps the representation it came from


@dataclass(frozen=True)
class Raw:
    """A leaf value the subgraph sends as is (``{"$raw": value}``), valid or not."""

    value: Json


def _field_set(directive: DirectiveNode) -> SelectionSetNode | None:
    for argument in directive.arguments or ():
        if argument.name.value == "fields" and isinstance(argument.value, StringValueNode):
            operation = parse("{" + argument.value.value + "}").definitions[0]
            assert isinstance(operation, OperationDefinitionNode)
            return operation.selection_set
    return None


def _resolvable(directive: DirectiveNode) -> bool:
    for argument in directive.arguments or ():
        if argument.name.value == "resolvable" and isinstance(argument.value, BooleanValueNode):
            return argument.value.value
    return True


def _empty_selection_set(query: Json) -> dict[str, Json] | None:
    """The syntax error of a ``{ }`` selection set, which GraphQL forbids (spec 2.4:
    ``SelectionSet : { Selection+ }``) but this graphql-core version parses."""
    try:
        document = parse(query) if isinstance(query, str) else None
    except GraphQLError:
        return None  # graphql() reports it
    found: list[SelectionSetNode] = []

    class Finder(Visitor):
        def enter_selection_set(self, node: SelectionSetNode, *_: Any) -> None:
            if not node.selections:
                found.append(node)

    if document is not None:
        visit(document, Finder())
    if not found:
        return None
    location = found[0].loc
    position = {}
    if location is not None and location.end_token is not None:
        position = {
            "locations": [{"line": location.end_token.line, "column": location.end_token.column}]
        }
    return {"message": 'Syntax Error: Expected Name, found "}".', **position}


def _passing_raw(coerce: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def coerce_output_value(value: Any) -> Any:
        return value.value if isinstance(value, Raw) else coerce(value)

    return coerce_output_value


def _key_selections(document: DocumentNode) -> dict[str, list[SelectionSetNode]]:
    """Parse every resolvable ``@key(fields: ...)`` of every object type into a selection set
    (a ``resolvable: false`` key has no reference resolver: it cannot be used to look up)."""
    keys: dict[str, list[SelectionSetNode]] = {}
    for definition in document.definitions:
        if not isinstance(definition, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
            continue
        for directive in definition.directives or ():
            if directive.name.value == "key" and _resolvable(directive):
                selection = _field_set(directive)
                if selection is not None:
                    keys.setdefault(definition.name.value, []).append(selection)
    return keys


def _requires_selections(document: DocumentNode) -> dict[str, SelectionSetNode]:
    """``Type.field`` -> the field set of its ``@requires``."""
    requires: dict[str, SelectionSetNode] = {}
    for definition in document.definitions:
        if not isinstance(definition, ObjectTypeDefinitionNode):
            continue
        for field_node in definition.fields or ():
            for directive in field_node.directives or ():
                selection = _field_set(directive) if directive.name.value == "requires" else None
                if selection is not None:
                    requires[f"{definition.name.value}.{field_node.name.value}"] = selection
    return requires


def _deep_merge(stored: Json, representation: Json) -> Json:
    """The representation's values over the stored ones (objects merged recursively)."""
    if not isinstance(stored, dict) or not isinstance(representation, dict):
        return representation
    merged = dict(stored)
    for name, value in representation.items():
        merged[name] = _deep_merge(stored[name], value) if name in stored else value
    return merged


def _missing(
    schema: GraphQLSchema, value: Json, selection: SelectionSetNode, parent: Any, path: str
) -> str | None:
    """The first field of ``selection`` (a @requires field set on ``parent``, a named type)
    absent from ``value``, or null there although the subgraph declares it non-null."""
    if isinstance(value, list):
        for item in value:
            problem = _missing(schema, item, selection, parent, path)
            if problem:
                return problem
        return None
    if not isinstance(value, dict):
        return f"{path} is not an object"
    for node in selection.selections:
        if isinstance(node, InlineFragmentNode):
            condition = (
                schema.get_type(node.type_condition.name.value) if node.type_condition else None
            )
            if condition is not None:
                if "__typename" not in value:  # cannot tell whether it applies
                    continue
                runtime = schema.get_type(value["__typename"])
                if runtime is not condition and not (
                    isinstance(condition, GraphQLInterfaceType | GraphQLUnionType)
                    and isinstance(runtime, GraphQLObjectType)
                    and schema.is_sub_type(condition, runtime)
                ):
                    continue  # the fragment does not apply to this runtime type
            problem = _missing(schema, value, node.selection_set, condition or parent, path)
            if problem:
                return problem
            continue
        assert isinstance(node, FieldNode)
        name = node.name.value
        definition = getattr(parent, "fields", {}).get(name)
        if name not in value:
            return f"{path}.{name}"
        if value[name] is None:
            if definition is not None and isinstance(definition.type, GraphQLNonNull):
                return f"{path}.{name} (null, but non-null here)"
            continue
        if node.selection_set is not None and definition is not None:
            problem = _missing(
                schema,
                value[name],
                node.selection_set,
                get_named_type(definition.type),
                f"{path}.{name}",
            )
            if problem:
                return problem
    return None


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
    requires: dict[str, SelectionSetNode] = field(init=False)

    def __post_init__(self) -> None:
        document = parse(self.sdl)
        self.keys = _key_selections(document)
        self.requires = _requires_selections(document)
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
        for named in self.schema.type_map.values():  # this schema's own enum types
            if isinstance(named, GraphQLEnumType) and not named.name.startswith("__"):
                named.coerce_output_value = _passing_raw(named.coerce_output_value)  # type: ignore[method-assign,assignment]

    # --- value resolution -------------------------------------------------------------
    def all(self, type_name: str) -> list[dict[str, Json]]:
        return [{"__typename": type_name, **o} for o in self.data["entities"][type_name]]

    def find(self, type_name: str, **match: Json) -> dict[str, Json] | None:
        for candidate in self.all(type_name):
            if all(candidate.get(k) == v for k, v in match.items()):
                return candidate
        return None

    def materialize(self, value: Json) -> Json:
        """Turn ``$ref`` / ``$error`` / ``$raw`` markers into entities / raised errors / leaf
        values sent unchecked."""
        if isinstance(value, list):
            return [self.materialize(item) for item in value]
        if isinstance(value, dict):
            if "$error" in value:
                return GraphQLError(value["$error"], extensions=value.get("extensions"))
            if "$raw" in value:
                return Raw(value["$raw"])
            if "$ref" in value:
                match = {k: v for k, v in value.items() if k != "$ref"}
                return self.find(value["$ref"], **match)
        return value

    def resolve_entity(self, representation: dict[str, Json]) -> Json:
        type_name = str(representation.get("__typename"))
        wanted = []
        for selection in self.keys.get(str(type_name), []):
            try:
                wanted.append((selection, _project(representation, selection)))
            except KeyError:
                continue
        if not wanted:
            return GraphQLError(
                f"{self.name}: representation {json.dumps(representation)} carries the fields"
                f" of no resolvable @key of {type_name}"
            )
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
            return {**representation, REPRESENTATION: representation}
        for selection, key in wanted:
            for candidate in stored:
                try:
                    if _project(candidate, selection) != key:
                        continue
                except KeyError:
                    continue
                if "$error" in candidate:
                    return GraphQLError(candidate["$error"], extensions=candidate.get("extensions"))
                merged = _deep_merge(candidate, representation)
                return {
                    **merged,
                    "__typename": candidate["__typename"],
                    REPRESENTATION: representation,
                }
        return None

    def field_resolver(self, source: Json, info: GraphQLResolveInfo[Any], **args: Json) -> Json:
        type_name = info.parent_type.name
        name = info.field_name
        if type_name == "Query" and name == "_service":
            return {"sdl": self.sdl}
        if type_name == "Query" and name == "_entities":
            return [self.resolve_entity(rep) for rep in args["representations"]]
        required = self.requires.get(f"{type_name}.{name}")
        if required is not None:
            self.check_requires(source, required, f"{type_name}.{name}")
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

    def check_requires(self, source: Json, required: SelectionSetNode, coordinate: str) -> None:
        """Fail unless ``source`` came from a representation carrying the @requires fields."""
        representation = source.get(REPRESENTATION) if isinstance(source, dict) else None
        if representation is None:
            raise GraphQLError(
                f"{self.name}: {coordinate} has @requires: it is only resolved on an _entities"
                " representation"
            )
        type_name = coordinate.split(".")[0]
        parent = self.schema.get_type(type_name)
        problem = _missing(self.schema, representation, required, parent, type_name)
        if problem is not None:
            raise GraphQLError(
                f"{self.name}: the representation lacks {problem}, required by {coordinate}"
            )

    async def execute(self, body: dict[str, Json]) -> dict[str, Json]:
        delay = float(self.data.get("delay_seconds", 0))
        if delay:
            await asyncio.sleep(delay)
        empty = _empty_selection_set(body.get("query", ""))
        if empty is not None:
            return {"errors": [empty]}
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
    """A minimal ASGI app: POST JSON GraphQL to a subgraph path (subscriptions over
    graphql-transport-ws there, see ``subgraph_ws``), GET /health."""

    async def respond(send: Send, status: int, payload: Json) -> None:
        body = json.dumps(payload).encode()
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    log = SubscriptionLog()

    async def app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] in routes:
            await serve_websocket(routes[scope["path"]], log, scope, receive, send)
            return
        if scope["type"] != "http":
            return
        path = scope["path"]
        if path == "/health":
            await respond(send, 200, {"status": "ok", "subgraphs": sorted(routes)})
            return
        if path == "/_subscriptions":
            await respond(send, 200, log.report())
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
