"""Schema-driven fuzzing of the real router: operations generated from the API schema, sent
anonymously and as a logged-in user, always answer a GraphQL body with stable codes.

Bounded for CI: a fixed number of examples per test, derandomized (the same examples every
run), no shrinking (a failure shows the operation as generated), no example database.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from typing import Any

import hypothesis_graphql
import pytest
from graphql import GraphQLSchema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.stack.fuzz.conftest import World
from tests.stack.fuzz.platform import Platform
from tests.stack.fuzz.properties import graphql_body
from tests.stack.fuzz.strategies import custom_scalars

# FUZZ_SCALE=10 runs ten times as many examples (locally, to hunt bugs).
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
EXAMPLES = {
    kind: max(1, int(count * SCALE))
    for kind, count in {"queries": 60, "mutations": 60, "invalid queries": 30}.items()
}
FUZZ_SETTINGS = settings(
    deadline=None,
    database=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
)
# Codes that mean "executed or refused on its merits", per kind of operation.
EXECUTION_CODES = {
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "BAD_USER_INPUT",
    "NOT_FOUND",
    "REFERENCE_NOT_FOUND",
    "CONFLICT",
    "RATE_LIMITED",
    "UNAUTHORIZED_FIELD_OR_TYPE",
    "QUERY_TOO_COMPLEX",
    "COST_ESTIMATED_TOO_EXPENSIVE",
}
INVALID_DOCUMENT_CODES = {"GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "QUERY_TOO_COMPLEX"}

Generator = Callable[..., Any]
KINDS: dict[str, tuple[Generator, dict[str, Any], set[str]]] = {
    "queries": (hypothesis_graphql.queries, {}, EXECUTION_CODES),
    "mutations": (hypothesis_graphql.mutations, {}, EXECUTION_CODES),
    "invalid queries": (
        hypothesis_graphql.queries,
        {"mode": hypothesis_graphql.Mode.NEGATIVE},
        INVALID_DOCUMENT_CODES | EXECUTION_CODES,
    ),
}


GRAPHQL_RESPONSE = "application/graphql-response+json"
# Mutations that end the fuzzer's own session (its token then gets 401 for the rest of the
# run); tests/stack/sessions covers them.
SESSION_ENDING = frozenset({"logout", "logoutEverywhere"})


def expected_status(body: dict[str, Any], accept: str | None) -> int:
    """GraphQL over HTTP: 200 for application/json; with the GraphQL media type, 400 when the
    request failed before execution (no ``data``) and 200 once it executed."""
    return 400 if accept == GRAPHQL_RESPONSE and "data" not in body else 200


@pytest.mark.parametrize("kind", list(KINDS))
def test_generated_operations_get_graphql_answers_with_stable_codes(
    platform: Platform, api_schema: GraphQLSchema, world: World, kind: str
) -> None:
    generate, options, expected_codes = KINDS[kind]
    if kind == "mutations":
        mutation_type = api_schema.mutation_type
        assert mutation_type is not None
        options = {**options, "fields": sorted(set(mutation_type.fields) - SESSION_ENDING)}
    operations = generate(
        api_schema, custom_scalars=custom_scalars(world.ids, world.cursors), **options
    )
    seen: Counter[str] = Counter()

    @settings(FUZZ_SETTINGS, max_examples=EXAMPLES[kind])
    @given(
        operation=operations,
        logged_in=st.sampled_from((True, True, False)),
        accept=st.sampled_from((None, GRAPHQL_RESPONSE)),
    )
    def answers_properly(operation: str, logged_in: bool, accept: str | None) -> None:
        token = world.fuzzer.token if logged_in else None
        headers = {"accept": accept} if accept else {}
        response = platform.post({"query": operation}, token, headers)
        try:
            body = graphql_body(response)  # JSON, data and/or errors, stable codes, no traces
            codes = {error["extensions"]["code"] for error in body.get("errors", [])}
            assert codes <= expected_codes, response.text
            assert response.status_code == expected_status(body, accept), response.text
        except AssertionError as failure:
            raise AssertionError(f"{failure}\n-- operation:\n{operation}") from None
        seen["examples"] += 1
        seen.update(codes or {"no error"})

    answers_properly()
    print(f"{kind}: {dict(seen)}")
    assert seen["examples"] >= EXAMPLES[kind] // 2, seen  # the fuzzing really ran
    if "mode" in options:
        assert seen["GRAPHQL_VALIDATION_FAILED"] > 0, seen
