"""The router client's error mapping, on real responses and a real closed port."""

from __future__ import annotations

import json

import pytest

from webapp.core.router_client import (
    GraphQLResult,
    OperationFailed,
    RouterClient,
    RouterUnavailable,
    SessionExpired,
    check_session,
    parse_response,
)
from webapp.core.session import Viewer


def body(**payload: object) -> bytes:
    return json.dumps(payload).encode()


def test_bad_user_input_errors_are_grouped_by_input_field() -> None:
    result = parse_response(
        200,
        body(
            data=None,
            errors=[
                {
                    "message": "endsAt must not be before startsAt.",
                    "path": ["createEvent"],
                    "extensions": {"code": "BAD_USER_INPUT", "field": "input.endsAt"},
                },
                {"message": "Nope", "extensions": {"code": "BAD_USER_INPUT"}},
            ],
        ),
    )
    with pytest.raises(OperationFailed) as failure:
        result.require("createEvent")
    assert failure.value.code == "BAD_USER_INPUT"
    assert failure.value.field_errors() == {
        "endsAt": ["endsAt must not be before startsAt."],
        "": ["Nope"],
    }


def test_partial_data_is_kept_and_the_missing_part_named() -> None:
    result = parse_response(
        200,
        body(
            data={"event": {"id": "1", "title": "Party", "participants": None}},
            errors=[
                {
                    "message": "participations is unavailable",
                    "path": ["event", "participants"],
                    "extensions": {"code": "SUBGRAPH_UNAVAILABLE", "serviceName": "participations"},
                }
            ],
        ),
    )
    assert result.require("event")["title"] == "Party"
    assert result.missing() == ["participants (participations service)"]


def test_camel_case_path_reads_as_words() -> None:
    result = GraphQLResult(
        {"x": 1},
        parse_response(
            200,
            body(
                data=None,
                errors=[{"message": "m", "path": ["myParticipations"], "extensions": {}}],
            ),
        ).errors,
    )
    assert result.missing() == ["my participations"]


@pytest.mark.parametrize("content", [b"<html>Bad gateway</html>", b'{"hello": 1}', b"[]"])
def test_answers_that_are_not_graphql_mean_unavailable(content: bytes) -> None:
    with pytest.raises(RouterUnavailable):
        parse_response(502, content)


def test_refused_token_means_session_expired_only_when_a_token_was_sent() -> None:
    refused = parse_response(
        200,
        body(data=None, errors=[{"message": "expired", "extensions": {"code": "UNAUTHENTICATED"}}]),
    )
    check_session(refused, token_sent=False)  # e.g. a failed login: the form shows it
    with pytest.raises(SessionExpired):
        check_session(refused, token_sent=True)


def test_closed_port_raises_router_unavailable() -> None:
    from tests.support.processes import free_port

    client = RouterClient(f"http://127.0.0.1:{free_port()}/graphql", timeout=2.0)
    with pytest.raises(RouterUnavailable):
        client.execute("{ __typename }")
    client.close()


def test_viewer_label_prefers_display_name() -> None:
    viewer = Viewer.from_user({"id": "u1", "username": "ada", "displayName": ""})
    assert viewer.label == "ada"
    assert viewer.time_zone == "UTC"


def test_connection_nodes_come_from_nodes_or_edges() -> None:
    from webapp.core.entities import Page, nodes, page_of

    assert nodes({"nodes": [{"id": "1"}]}) == [{"id": "1"}]
    assert nodes({"edges": [{"node": {"id": "2"}, "cursor": "c"}]}) == [{"id": "2"}]
    page: Page[str] = page_of(
        {
            "nodes": [{"id": "u", "username": "ada"}],
            "pageInfo": {"hasNextPage": True, "endCursor": "x"},
        },
        lambda raw: raw["username"],
    )
    assert (page.items, page.has_next_page, page.end_cursor) == (["ada"], True, "x")


def test_a_dangling_reference_is_not_an_outage() -> None:
    result = parse_response(
        200,
        body(
            data={"myParticipations": {"nodes": [{"event": None}]}},
            errors=[
                {
                    "message": "The events service has no Event for this reference.",
                    "path": ["myParticipations", "nodes", 0, "event", "isPublic"],
                    "extensions": {"code": "ENTITY_NOT_FOUND", "serviceName": "events"},
                }
            ],
        ),
    )
    assert not result.outage
    assert result.missing() == []


def test_the_browser_address_comes_from_a_trusted_proxy_only() -> None:
    from django.test import RequestFactory, override_settings

    from plumbing.client_address import trusted_networks
    from webapp.core.backend import browser_address

    factory = RequestFactory()
    behind_proxy = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    direct = factory.get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    with override_settings(TRUSTED_PROXIES=trusted_networks(["10.0.0.0/8"])):
        assert browser_address(behind_proxy) == "5.6.7.8"  # the hop the proxy added
        assert browser_address(direct) == "192.0.2.9"  # a browser's own header is ignored
    with override_settings(TRUSTED_PROXIES=()):
        assert browser_address(behind_proxy) == "10.0.0.5"
