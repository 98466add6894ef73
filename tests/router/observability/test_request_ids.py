"""One request id follows a request through the web app, the router and the subgraphs."""

from __future__ import annotations

import re
import uuid

import httpx

from tests.router.observability.conftest import (
    PUBLIC_EVENTS,
    Observed,
    wait_for_lines,
    with_request_id,
)


def test_router_and_subgraphs_log_the_callers_request_id(observed: Observed) -> None:
    request_id = f"obs-{uuid.uuid4().hex}"
    response = observed.graphql(PUBLIC_EVENTS, headers={"x-request-id": request_id})
    assert response.headers["x-request-id"] == request_id
    assert response.json()["data"]["publicEvents"]["edges"], response.text

    [access] = wait_for_lines(observed.router, with_request_id(request_id, "router.access"))
    assert access["service"] == "router"
    assert access["method"] == "POST"
    assert access["path"] == "/graphql"
    assert access["status"] == 200
    assert access["operation_type"] == "query"
    assert access["operation_name"] == "PublicEvents"
    assert isinstance(access["duration_ms"], float | int)

    fetches = wait_for_lines(observed.router, with_request_id(request_id, "router.transport"))
    assert {line["subgraph"] for line in fetches} >= {"events", "users"}
    assert all(line["level"] == "debug" and line["failure"] is None for line in fetches)

    for subgraph in ("events", "users"):
        lines = wait_for_lines(
            observed.process(f"subgraph-{subgraph}-"),
            with_request_id(request_id, "subgraphs.access"),
        )
        assert lines, f"{subgraph} logged nothing with request id {request_id}"
        assert lines[0]["service"] == subgraph
        assert lines[0]["status"] == 200
        assert lines[0]["operation_type"] == "query"


def test_a_generated_request_id_is_returned_and_logged(observed: Observed) -> None:
    response = observed.graphql(PUBLIC_EVENTS, headers={"x-request-id": "not a valid id!"})
    request_id = response.headers["x-request-id"]
    assert request_id != "not a valid id!"
    assert len(request_id) == 32
    assert wait_for_lines(observed.router, with_request_id(request_id, "router.access"))
    assert wait_for_lines(observed.process("subgraph-events-"), with_request_id(request_id))


def test_subgraph_errors_are_logged_with_their_codes(observed: Observed) -> None:
    request_id = f"obs-{uuid.uuid4().hex}"
    query = 'query Missing { event(id: "does-not-exist") { title } }'
    response = observed.graphql(query, headers={"x-request-id": request_id})
    assert response.status_code == 200
    [access] = wait_for_lines(observed.router, with_request_id(request_id, "router.access"))
    assert access["operation_name"] == "Missing"
    subgraph_lines = wait_for_lines(
        observed.process("subgraph-events-"), with_request_id(request_id, "subgraphs.access")
    )
    assert subgraph_lines and subgraph_lines[0]["operation_name"].startswith("Missing")
    assert subgraph_lines[0].get("error_codes", []) == access.get("error_codes", [])


def test_the_web_app_sends_its_request_id_to_the_router(observed: Observed) -> None:
    request_id = f"web-{uuid.uuid4().hex}"
    with httpx.Client(base_url=observed.stack.webapp_url, timeout=30) as browser:
        page = browser.get("/accounts/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match is not None, page.text
        response = browser.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": match.group(1),
                "username": "nobody-here",
                "password": "wrong password",
            },
            headers={"x-request-id": request_id},
        )
    assert response.status_code == 400  # the router refused the login
    assert response.headers["x-request-id"] == request_id

    [page_line] = wait_for_lines(observed.webapp, with_request_id(request_id, "webapp.access"))
    assert (page_line["service"], page_line["method"], page_line["status"]) == (
        "webapp",
        "POST",
        400,
    )
    [router_line] = wait_for_lines(observed.router, with_request_id(request_id, "router.access"))
    assert router_line["operation_type"] == "mutation"
    assert wait_for_lines(
        observed.process("subgraph-users-"), with_request_id(request_id, "subgraphs.access")
    )


def test_web_pages_get_a_request_id_and_an_access_line(observed: Observed) -> None:
    response = httpx.get(f"{observed.stack.webapp_url}/", timeout=30, follow_redirects=False)
    request_id = response.headers["x-request-id"]
    [line] = wait_for_lines(observed.webapp, with_request_id(request_id, "webapp.access"))
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == response.status_code
