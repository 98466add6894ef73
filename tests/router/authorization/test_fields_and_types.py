"""@authenticated on fields and types, removal from subgraph requests, null propagation."""

from __future__ import annotations

from router.interfaces import RequestContext
from tests.router.authorization.harness import (
    authz_engine,
    caller,
    run,
    sent_queries,
    unauthorized,
)


async def test_anonymous_root_field_is_null_with_error_and_not_sent() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "{ publicInfo me { id name } }")
    assert result == {
        "data": {"publicInfo": "hello", "me": None},
        "errors": [unauthorized("me")],
    }
    assert sent_queries(transport) == ["{publicInfo}"]


async def test_authenticated_caller_sees_the_field() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "{ publicInfo me { id name } }", caller())
    assert result == {"data": {"publicInfo": "hello", "me": {"id": "u1", "name": "Ann"}}}
    assert "me" in sent_queries(transport)[0]


async def test_object_type_guard_removes_fields_returning_it() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "{ budget { amount } publicInfo }")
    assert result == {
        "data": {"budget": None, "publicInfo": "hello"},
        "errors": [unauthorized("budget")],
    }
    assert "budget" not in sent_queries(transport)[0]
    allowed = await run(engine, "{ budget { amount } }", caller())
    assert allowed == {"data": {"budget": {"amount": 100}}}


async def test_nested_field_in_entity_fetch_is_removed_per_list_item() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "{ users { name karma reviews { body draft } } }")
    assert result["data"] == {
        "users": [
            {"name": "Ann", "karma": None, "reviews": [{"body": "review by u1", "draft": None}]},
            {"name": "Bob", "karma": None, "reviews": [{"body": "review by u2", "draft": None}]},
        ]
    }
    assert result["errors"] == [
        unauthorized("users", 0, "karma"),
        unauthorized("users", 0, "reviews", 0, "draft"),
        unauthorized("users", 1, "karma"),
        unauthorized("users", 1, "reviews", 0, "draft"),
    ]
    (reviews_query,) = sent_queries(transport, "reviews")
    assert "reviews{body}" in reviews_query
    assert "karma" not in reviews_query and "draft" not in reviews_query


async def test_entity_fields_are_fetched_for_an_authenticated_caller() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "{ users { karma reviews { draft } } }", caller())
    assert result == {
        "data": {
            "users": [
                {"karma": 7, "reviews": [{"draft": "unpublished"}]},
                {"karma": 7, "reviews": [{"draft": "unpublished"}]},
            ]
        }
    }
    assert "karma" in sent_queries(transport, "reviews")[0]


async def test_non_null_field_nulls_its_nullable_parent_without_extra_errors() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "{ team { name secretScore } publicInfo }", caller("levels"))
    assert result == {
        "data": {"team": None, "publicInfo": "hello"},
        "errors": [unauthorized("team", 0, "secretScore"), unauthorized("team", 1, "secretScore")],
    }
    assert [name for name, _ in transport.calls] == ["accounts"]


async def test_non_null_root_field_nulls_data() -> None:
    engine, _ = authz_engine()
    result = await run(engine, "{ requiredSecret publicInfo }")
    assert result == {"data": None, "errors": [unauthorized("requiredSecret")]}


async def test_all_root_fields_removed_calls_no_subgraph() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "{ __typename me { id } adminNote }")
    assert result == {
        "data": {"__typename": "Query", "me": None, "adminNote": None},
        "errors": [unauthorized("me"), unauthorized("adminNote")],
    }
    assert transport.calls == []


async def test_composite_field_left_empty_is_removed_and_only_children_get_errors() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "{ team { karma } publicInfo }")
    assert result == {
        "data": {"team": None, "publicInfo": "hello"},
        "errors": [unauthorized("team", "@", "karma")],
    }
    assert sent_queries(transport) == ["{publicInfo}"]


async def test_typename_keeps_a_composite_field() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "{ team { __typename email } }")
    assert result == {
        "data": {"team": [{"__typename": "User", "email": None}] * 2},
        "errors": [unauthorized("team", 0, "email"), unauthorized("team", 1, "email")],
    }
    assert "email" not in sent_queries(transport)[0]


async def test_enum_type_guard_applies_to_fields_returning_it() -> None:
    engine, _ = authz_engine()
    denied = await run(engine, "{ users { name level } }", caller())
    assert denied["data"] == {
        "users": [{"name": "Ann", "level": None}, {"name": "Bob", "level": None}]
    }
    assert denied["errors"] == [
        unauthorized("users", 0, "level"),
        unauthorized("users", 1, "level"),
    ]
    allowed = await run(engine, "{ users { level } }", caller("levels"))
    assert allowed == {"data": {"users": [{"level": "HIGH"}, {"level": "LOW"}]}}


async def test_mutation_keeps_allowed_root_fields() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "mutation { ping resetAll }", caller())
    assert result == {
        "data": {"ping": "pong", "resetAll": None},
        "errors": [unauthorized("resetAll")],
    }
    assert sent_queries(transport) == ["mutation{ping}"]


async def test_introspection_is_never_guarded() -> None:
    engine, transport = authz_engine()
    result = await run(
        engine, '{ __typename __schema { queryType { name } } __type(name: "Budget") { name } }'
    )
    assert result == {
        "data": {
            "__typename": "Query",
            "__schema": {"queryType": {"name": "Query"}},
            "__type": {"name": "Budget"},
        }
    }
    assert transport.calls == []


async def test_explained_plan_is_the_filtered_one() -> None:
    engine, _ = authz_engine()
    context = RequestContext(headers={}, request_id="explain", explain=True)
    result = await run(engine, "{ publicInfo me { id } }", context)
    operations = [node["operation"] for node in _fetches(result["extensions"]["queryPlan"])]
    assert operations == ["{publicInfo}"]


def _fetches(plan: dict[str, object]) -> list[dict[str, object]]:
    node = plan["node"]
    assert isinstance(node, dict)
    return [node] if node.get("kind") == "Fetch" else list(node.get("nodes", []))
