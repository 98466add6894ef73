"""Trusted documents over HTTP: a manifest (Apollo and Relay formats), ``documentId`` and
``extensions.persistedQuery``, ``ROUTER_REQUIRE_TRUSTED_DOCUMENTS`` and opt-in APQ."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx
import pytest

from tests.router.http.conftest import RouterFactory
from tests.router.http.helpers import GRAPHQL_RESPONSE, PREFLIGHT, error_codes, post

HELLO = "query Hello { hello }"
USER = 'query User { user(id: "1") { id } }'
NOT_LISTED = "{ __typename }"


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def persisted(document: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256(document)}}


@pytest.fixture(scope="module")
def manifests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("trusted")
    apollo = folder / "apollo.json"
    apollo.write_text(
        json.dumps(
            {
                "format": "apollo-persisted-query-manifest",
                "version": 1,
                "operations": [
                    {"id": "hello-1", "name": "Hello", "type": "query", "body": HELLO},
                    {"id": sha256(USER), "name": "User", "type": "query", "body": USER},
                ],
            }
        )
    )
    relay = folder / "relay.json"
    relay.write_text(json.dumps({"relay-hello": HELLO}))
    return {"apollo": apollo, "relay": relay}


@pytest.fixture(scope="module")
def trusted_router(
    start_router: RouterFactory, subgraph_url: str, manifests: dict[str, Path]
) -> str:
    return start_router(
        "trusted",
        {
            "ROUTER_SUBGRAPH_USERS_URL": subgraph_url,
            "ROUTER_TRUSTED_DOCUMENTS": str(manifests["apollo"]),
            "ROUTER_REQUIRE_TRUSTED_DOCUMENTS": "true",
        },
    )


@pytest.fixture(scope="module")
def relay_router(start_router: RouterFactory, subgraph_url: str, manifests: dict[str, Path]) -> str:
    return start_router(
        "relay",
        {
            "ROUTER_SUBGRAPH_USERS_URL": subgraph_url,
            "ROUTER_TRUSTED_DOCUMENTS": str(manifests["relay"]),
        },
    )


@pytest.fixture(scope="module")
def apq_router(start_router: RouterFactory, subgraph_url: str) -> str:
    return start_router("apq", {"ROUTER_SUBGRAPH_USERS_URL": subgraph_url, "ROUTER_APQ": "true"})


def test_known_id_runs_its_document(trusted_router: str) -> None:
    body = post(trusted_router, {"documentId": "hello-1"}).json()
    assert body == {"data": {"hello": "world"}}


def test_known_hash_runs_its_document_by_post_and_get(trusted_router: str) -> None:
    assert post(trusted_router, {"extensions": persisted(HELLO)}).json() == {
        "data": {"hello": "world"}
    }
    response = httpx.get(
        f"{trusted_router}/graphql",
        params={"extensions": json.dumps(persisted(USER))},
        headers={"accept": "application/json", **PREFLIGHT},
    )
    assert response.json() == {"data": {"user": {"id": "1"}}}


def test_listed_body_still_runs_when_trusted_documents_are_required(trusted_router: str) -> None:
    assert post(trusted_router, {"query": HELLO}).json() == {"data": {"hello": "world"}}


def test_unknown_id_is_refused(trusted_router: str) -> None:
    response = post(trusted_router, {"documentId": "nope"}, accept=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert error_codes(response) == ["PERSISTED_QUERY_NOT_IN_LIST"]
    assert "nope" in response.json()["errors"][0]["message"]


def test_free_form_document_is_refused_when_required(trusted_router: str) -> None:
    response = post(trusted_router, {"query": NOT_LISTED})
    assert error_codes(response) == ["PERSISTED_QUERY_NOT_IN_LIST"]
    assert "data" not in response.json()


def test_hash_of_an_unlisted_document_is_refused_when_required(trusted_router: str) -> None:
    response = post(trusted_router, {"query": NOT_LISTED, "extensions": persisted(NOT_LISTED)})
    assert error_codes(response) == ["PERSISTED_QUERY_NOT_IN_LIST"]


def test_hash_mismatch_is_refused(trusted_router: str, apq_router: str) -> None:
    for router in (trusted_router, apq_router):
        response = post(router, {"query": HELLO, "extensions": persisted(USER)})
        assert error_codes(response) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    response = post(trusted_router, {"documentId": "hello-1", "query": USER})
    assert error_codes(response) == ["PERSISTED_QUERY_HASH_MISMATCH"]


def test_malformed_persisted_query_is_a_bad_request(trusted_router: str) -> None:
    for extensions in (
        {"persistedQuery": {"version": 1, "sha256Hash": "abc"}},
        {"persistedQuery": {"version": 2, "sha256Hash": sha256(HELLO)}},
        {"persistedQuery": "yes"},
    ):
        response = post(trusted_router, {"extensions": extensions})
        assert error_codes(response) == ["BAD_REQUEST"], extensions
    response = post(trusted_router, {"documentId": 7})
    assert response.status_code == 400


def test_relay_map_serves_ids_and_does_not_require_the_list(relay_router: str) -> None:
    assert post(relay_router, {"documentId": "relay-hello"}).json() == {"data": {"hello": "world"}}
    assert post(relay_router, {"query": NOT_LISTED}).json() == {"data": {"__typename": "Query"}}


def test_apq_registers_on_miss(apq_router: str) -> None:
    document = "query Registered { hello }"
    miss = post(apq_router, {"extensions": persisted(document)})
    assert error_codes(miss) == ["PERSISTED_QUERY_NOT_FOUND"]
    registered = post(apq_router, {"query": document, "extensions": persisted(document)})
    assert registered.json() == {"data": {"hello": "world"}}
    hit = post(apq_router, {"extensions": persisted(document)})
    assert hit.json() == {"data": {"hello": "world"}}


def test_without_trusted_documents_an_id_is_not_supported(dev_router: str) -> None:
    assert error_codes(post(dev_router, {"documentId": "hello-1"})) == [
        "PERSISTED_QUERY_NOT_SUPPORTED"
    ]
    assert error_codes(post(dev_router, {"extensions": persisted(HELLO)})) == [
        "PERSISTED_QUERY_NOT_SUPPORTED"
    ]
    # A client that sends the body with its hash (APQ's second try) is simply served.
    assert post(dev_router, {"query": HELLO, "extensions": persisted(HELLO)}).json() == {
        "data": {"hello": "world"}
    }


def test_a_bad_manifest_stops_the_router_with_a_clear_message(
    start_router: RouterFactory, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "apollo-persisted-query-manifest", "version": 1}')
    with pytest.raises(RuntimeError, match="exited early") as failure:
        start_router("bad-manifest", {"ROUTER_TRUSTED_DOCUMENTS": str(bad)})
    assert "'operations' must be a list" in str(failure.value)
