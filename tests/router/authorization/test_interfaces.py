"""Abstract selections are checked on each concrete type's field."""

from __future__ import annotations

from tests.router.authorization.harness import authz_engine, caller, run, sent_queries, unauthorized


async def test_interface_field_is_removed_only_for_the_guarded_implementation() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "{ nodes { __typename id title } }")
    assert result == {
        "data": {
            "nodes": [
                {"__typename": "Doc", "id": "d1", "title": "Doc title"},
                {"__typename": "SecretDoc", "id": "s1", "title": None},
            ]
        },
        "errors": [unauthorized("nodes", 1, "title")],
    }
    assert sent_queries(transport) == [
        "{nodes{__typename ...on Doc{id title} ...on SecretDoc{id}}}"
    ]


async def test_interface_field_for_an_authenticated_caller() -> None:
    engine, _ = authz_engine()
    result = await run(
        engine, "{ nodes { ... on SecretDoc { title } ... on Doc { id } } }", caller()
    )
    assert result == {"data": {"nodes": [{"id": "d1"}, {"title": "Secret title"}]}}
