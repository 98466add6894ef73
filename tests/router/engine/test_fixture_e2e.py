"""End to end on the `misc` (abstract types, overrides) and `keys` fixtures."""

from __future__ import annotations

from typing import Any

import pytest

from router.engine import Engine
from router.errors import RequestError
from tests.router.engine.conftest import CONTEXT, supergraph_sdl
from tests.router.engine.fixture_subgraphs import keys_schemas, misc_schemas
from tests.router.engine.local_subgraphs import InProcessTransport


def _engine(fixture: str, **options: Any) -> tuple[Engine, InProcessTransport]:
    schemas = misc_schemas() if fixture == "misc" else keys_schemas()
    transport = InProcessTransport(schemas)
    return Engine(supergraph_sdl(fixture), transport, **options), transport


async def _run(engine: Engine, query: str, variables: dict[str, Any] | None = None) -> Any:
    return await engine.execute(engine.prepare(query, None), variables, CONTEXT)


async def test_union_members_and_interface_object() -> None:
    engine, transport = _engine("misc")
    result = await _run(
        engine,
        "{ media { __typename ... on Book { title } ... on Movie { id title } }"
        " nodes { __typename id createdAt ... on Book { title } } }",
    )
    assert result == {
        "data": {
            "media": [
                {"__typename": "Book", "title": "Dune"},
                {"__typename": "Movie", "id": "m1", "title": "Alien"},
            ],
            "nodes": [{"__typename": "Book", "id": "b1", "createdAt": "2020:b1", "title": "Dune"}],
        }
    }
    entity_calls = [body for service, body in transport.calls if service == "b"]
    assert entity_calls[0]["variables"]["representations"] == [{"__typename": "Node", "id": "b1"}]


async def test_override_without_label_and_labelled_override_default_off() -> None:
    engine, transport = _engine("misc")
    result = await _run(engine, '{ thing(id: "t1") { id name size } }')
    assert result == {"data": {"thing": {"id": "t1", "name": "B-name", "size": 3}}}
    assert [service for service, _ in transport.calls] == ["a", "b"]


async def test_labelled_override_enabled() -> None:
    engine, _ = _engine("misc", enabled_override_labels=frozenset({"percent(50)"}))
    result = await _run(engine, '{ thing(id: "t1") { name } }')
    assert result == {"data": {"thing": {"name": "A-name"}}}


def test_inaccessible_fields_are_not_queryable() -> None:
    engine, _ = _engine("misc")
    with pytest.raises(RequestError) as raised:
        engine.prepare("{ secret }", None)
    assert raised.value.errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    with pytest.raises(RequestError):
        engine.prepare('{ thing(id: "1") { hidden } }', None)


async def test_compound_key_and_requires_chain() -> None:
    engine, transport = _engine("keys")
    result = await _run(
        engine, '{ users { login email greeting(punctuation: "?") org { name matrix } } }'
    )
    # u2's k2 entity fails (non-null score is null there) only when score is asked for
    assert result == {
        "data": {
            "users": [
                {
                    "login": "ann",
                    "email": "ann@acme.test",
                    "greeting": "Hello ann@acme.test?",
                    "org": {"name": "Acme", "matrix": [[1, 2], [3]]},
                },
                {
                    "login": "bob",
                    "email": None,
                    "greeting": "Hello None?",
                    "org": {"name": "Globex", "matrix": None},
                },
            ]
        }
    }
    k2 = [body for service, body in transport.calls if service == "k2"]
    assert k2[0]["variables"]["representations"][0] == {
        "__typename": "User",
        "org": {"id": "o1"},
        "login": "ann",
    }


async def test_entity_error_path_and_null_bubbling_to_root() -> None:
    engine, _ = _engine("keys")
    result = await _run(engine, "{ users { login score } }")
    assert result["data"] is None
    assert [error["path"] for error in result["errors"]] == [["users", 1, "score"]]
    assert result["errors"][0]["extensions"]["serviceName"] == "k2"


async def test_mutation_root_fields_run_in_document_order() -> None:
    engine, transport = _engine("keys")
    result = await _run(
        engine,
        'mutation { a: increment(by: 1) r: renameOrg(id: "o2", name: "Initech") { name }'
        ' b: increment(by: 2) u: createUser(login: "zed") { login email } }',
    )
    assert result == {
        "data": {
            "a": 1,
            "r": {"name": "Initech"},
            "b": 3,
            "u": {"login": "zed", "email": None},
        }
    }
    assert [service for service, _ in transport.calls] == ["k1", "k3", "k1", "k2"]
    plan = engine.plan_for(engine.prepare("mutation { a: increment(by: 1) }", None), None)
    assert plan.to_json()["node"]["operationKind"] == "mutation"


async def test_unavailable_subgraph_costs_only_its_fields() -> None:
    engine, transport = _engine("keys")
    transport.unavailable.add("k3")
    result = await _run(engine, "{ users { login org { id name } } counter }")
    assert result["data"] == {
        "users": [
            {"login": "ann", "org": {"id": "o1", "name": None}},
            {"login": "bob", "org": {"id": "o2", "name": None}},
        ],
        "counter": 0,
    }
    # GraphQL spec 7.1.2: each error's path leads to the field in error, per object.
    errors = result["errors"]
    assert [error["path"] for error in errors] == [
        ["users", 0, "org", "name"],
        ["users", 1, "org", "name"],
    ]
    for error in errors:
        assert error["message"] == "The k3 service did not answer."
        assert error["extensions"] == {
            "code": "SUBGRAPH_UNAVAILABLE",
            "serviceName": "k3",
            "reason": "UNREACHABLE",
        }


async def test_lists_of_lists_and_bad_variables() -> None:
    engine, _ = _engine("keys")
    result = await _run(engine, "{ orgs { matrix } }")
    assert result == {"data": {"orgs": [{"matrix": [[1, 2], [3]]}, {"matrix": None}]}}
    bad = await _run(engine, "query($on: Boolean!) { counter @include(if: $on) }", {})
    assert "data" not in bad
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_entity_its_subgraph_does_not_know_is_not_an_internal_error() -> None:
    engine, _ = _engine("keys")
    # k2 knows no user "zed": it answers null for that representation.
    nullable = await _run(engine, 'mutation { createUser(login: "zed") { login email } }')
    assert nullable == {"data": {"createUser": {"login": "zed", "email": None}}}
    result = await _run(engine, 'mutation { createUser(login: "zed") { login score } }')
    assert result == {
        "data": {"createUser": None},
        "errors": [
            {
                "message": "The k2 service has no User for this reference: it was deleted, "
                "or you may not see it.",
                "path": ["createUser", "score"],
                "extensions": {"code": "ENTITY_NOT_FOUND", "serviceName": "k2"},
            }
        ],
    }


async def test_a_codeless_subgraph_error_gets_a_code_and_the_service() -> None:
    engine, _ = _engine("keys")
    result = await _run(engine, "{ users { login score } }")
    assert result["errors"][0]["extensions"] == {"code": "SUBGRAPH_ERROR", "serviceName": "k2"}
