"""@requiresScopes (OR of AND-sets over scopes) and @policy (default and custom evaluators)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from router.interfaces import RequestContext
from tests.router.authorization.harness import (
    ANONYMOUS,
    authz_engine,
    caller,
    run,
    sent_queries,
    unauthorized,
)

REPORT = {"data": {"report": "report"}}
REPORT_DENIED = {"data": {"report": None}, "errors": [unauthorized("report")]}
AUDIT = {"data": {"audit": "audit"}}
AUDIT_DENIED = {"data": {"audit": None}, "errors": [unauthorized("audit")]}


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        (ANONYMOUS, REPORT_DENIED),
        (caller(), REPORT_DENIED),
        (caller("read:reports"), REPORT_DENIED),  # half of an AND-set
        (caller("read:reports", "write:reports"), REPORT),  # the whole first AND-set
        (caller("admin"), REPORT),  # the second alternative
        (caller("write:reports", "levels"), REPORT_DENIED),
    ],
    ids=["anonymous", "no-scopes", "partial-and", "first-and-set", "second-or", "unrelated"],
)
async def test_requires_scopes_is_an_or_of_and_sets(
    context: RequestContext, expected: dict[str, object]
) -> None:
    engine, transport = authz_engine()
    assert await run(engine, "{ report }", context) == expected
    assert len(transport.calls) == (1 if expected is REPORT else 0)


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        (ANONYMOUS, AUDIT_DENIED),
        (caller(), AUDIT_DENIED),
        (caller("auditor"), AUDIT_DENIED),  # a scope is not a policy
        (caller(policies=["auditor"]), AUDIT),
        (caller(policies=["owner"]), AUDIT_DENIED),
        (caller(policies=["reviewer", "owner"]), AUDIT),
        (caller(policies="auditor"), AUDIT_DENIED),  # the claim must be a list
    ],
    ids=["anonymous", "no-claim", "scope", "first", "partial-and", "second", "not-a-list"],
)
async def test_default_evaluator_reads_the_policies_claim(
    context: RequestContext, expected: dict[str, object]
) -> None:
    engine, _ = authz_engine()
    assert await run(engine, "{ audit }", context) == expected


@dataclass
class HeaderPolicies:
    """Grants the policies listed in the `x-policies` header, to anyone."""

    asked: list[tuple[frozenset[str], str | None]] = field(default_factory=list)

    async def satisfied(self, policies: frozenset[str], context: RequestContext) -> frozenset[str]:
        subject = context.identity.subject if context.identity else None
        self.asked.append((policies, subject))
        return frozenset(context.headers.get("x-policies", "").split())


async def test_custom_evaluator_decides_policies_even_for_anonymous_requests() -> None:
    evaluator = HeaderPolicies()
    engine, transport = authz_engine(evaluator=evaluator)
    granted = RequestContext(headers={"x-policies": "owner reviewer"}, request_id="anon")
    assert await run(engine, "{ audit publicInfo }", granted) == {
        "data": {"audit": "audit", "publicInfo": "hello"}
    }
    assert await run(engine, "{ audit publicInfo }", caller(policies=["auditor"])) == {
        "data": {"audit": None, "publicInfo": "hello"},
        "errors": [unauthorized("audit")],
    }
    assert evaluator.asked == [
        (frozenset({"auditor", "owner", "reviewer"}), None),
        (frozenset({"auditor", "owner", "reviewer"}), "u1"),
    ]
    assert sent_queries(transport) == ["{audit publicInfo}", "{publicInfo}"]


async def test_evaluator_is_not_asked_when_the_operation_needs_no_policy() -> None:
    evaluator = HeaderPolicies()
    engine, _ = authz_engine(evaluator=evaluator)
    await run(engine, "{ me { id } report }")
    assert evaluator.asked == []


async def test_policy_on_a_union_member_type_guards_its_fields() -> None:
    engine, transport = authz_engine()
    query = "{ items { ... on Doc { id } ... on Vault { id title } } }"
    denied = await run(engine, query)
    assert denied == {
        "data": {"items": [{"id": "d1"}, None]},  # Vault.id is non-null: the item is nulled
        "errors": [unauthorized("items", 1, "id"), unauthorized("items", 1, "title")],
    }
    assert sent_queries(transport) == ["{items{__typename ...on Doc{id}}}"]
    allowed = await run(engine, query, caller(policies=["vault"]))
    assert allowed == {"data": {"items": [{"id": "d1"}, {"id": "v1", "title": "Vault title"}]}}


async def test_abstract_selection_left_empty_removes_the_field() -> None:
    engine, transport = authz_engine()
    result = await run(engine, "{ items { ... on Vault { title } } publicInfo }")
    assert result == {
        "data": {"items": None, "publicInfo": "hello"},
        "errors": [unauthorized("items", "@", "title")],
    }
    assert sent_queries(transport) == ["{publicInfo}"]
