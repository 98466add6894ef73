"""Directive names come from the supergraph's @link; supergraphs without them are untouched."""

from __future__ import annotations

from router.engine import Engine
from tests.router.authorization.harness import (
    ANONYMOUS,
    authz_engine,
    caller,
    composed,
    run,
    sent_queries,
    unauthorized,
)
from tests.router.engine.conftest import supergraph_sdl
from tests.router.engine.fixture_subgraphs import misc_schemas
from tests.router.engine.local_subgraphs import InProcessTransport

SPECS = "https://specs.apollo.dev"
RENAMES = (
    (
        f'@link(url: "{SPECS}/authenticated/v0.1", for: SECURITY)',
        f'@link(url: "{SPECS}/authenticated/v0.1", as: "mustLogIn", for: SECURITY)',
    ),
    (
        f'@link(url: "{SPECS}/requiresScopes/v0.1", for: SECURITY)',
        f'@link(url: "{SPECS}/requiresScopes/v0.1", import: [{{name: "@requiresScopes", '
        'as: "@needs"}], for: SECURITY)',
    ),
    (  # a custom directive that merely shares the spec's default name
        "publicInfo: String @join__field(graph: ACCOUNTS)",
        "publicInfo: String @join__field(graph: ACCOUNTS) @authenticated",
    ),
)


def renamed_supergraph() -> str:
    """The `authz` supergraph with `@authenticated` linked `as: "mustLogIn"`, `@requiresScopes`
    imported as `@needs`, and an unrelated custom `@authenticated` on `publicInfo`."""
    sdl = composed("authz").replace("@authenticated", "@mustLogIn")
    sdl = sdl.replace("@requiresScopes(", "@needs(").replace("@requiresScopes", "@needs")
    for old, new in RENAMES:
        assert old in sdl, old
        sdl = sdl.replace(old, new)
    return sdl + "\ndirective @authenticated on FIELD_DEFINITION\n"


async def test_renamed_directives_are_enforced_by_their_linked_names() -> None:
    engine, transport = authz_engine(renamed_supergraph())
    result = await run(engine, "{ publicInfo me { id } report }")
    assert result == {
        "data": {"publicInfo": "hello", "me": None, "report": None},
        "errors": [unauthorized("me"), unauthorized("report")],
    }
    assert sent_queries(transport) == ["{publicInfo}"]
    allowed = await run(engine, "{ me { id } report }", caller("admin"))
    assert allowed == {"data": {"me": {"id": "u1"}, "report": "report"}}


async def test_supergraph_without_authorization_directives_is_unaffected() -> None:
    transport = InProcessTransport(misc_schemas())
    engine = Engine(supergraph_sdl("misc"), transport)
    prepared = engine.prepare(
        "{ media { __typename ... on Book { title } } nodes { id createdAt } }", None
    )
    result = await engine.execute(prepared, None, caller())
    assert result == {
        "data": {
            "media": [{"__typename": "Book", "title": "Dune"}, {"__typename": "Movie"}],
            "nodes": [{"id": "b1", "createdAt": "2020:b1"}],
        }
    }
    assert all(compiled.guards is None for compiled in prepared.plans.values())


async def test_operation_selecting_no_guarded_field_has_no_guards() -> None:
    engine, _ = authz_engine()
    prepared = engine.prepare("{ publicInfo users { name reviews { body } } }", None)
    await engine.execute(prepared, None, caller())
    (compiled,) = prepared.plans.values()
    assert compiled.guards is None


async def test_filtered_plans_are_cached_per_denied_set() -> None:
    engine, transport = authz_engine()
    prepared = engine.prepare("{ publicInfo me { id } report }", None)
    for context in (caller(), caller(), caller("admin"), caller("levels")):
        await engine.execute(prepared, None, context)
    (compiled,) = prepared.plans.values()
    assert compiled.guards is not None
    assert len(compiled.restricted) == 1  # only `report` denied (twice); admin sees everything
    await engine.execute(prepared, None, ANONYMOUS)  # `me` and `report` denied
    assert len(compiled.restricted) == 2
    assert sent_queries(transport)[-1] == "{publicInfo}"
