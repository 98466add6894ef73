"""One platform for the observability tests: mongoeco, five subgraphs, the router and the web
app, logging JSON lines and exporting traces to an in-test OTLP collector; plus a second
router whose calendars subgraph is unreachable."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.router.observability.collector import Collector
from tests.support.accounts import LOGIN, REGISTER, credentials, registration
from tests.support.processes import PYTHON, ManagedProcess, free_port, wait_for_http
from tests.support.router_credentials import ROUTER_ENV
from tests.webapp.stack import Stack, start_stack

CREATE_EVENT = (
    "mutation CreateEvent($input: CreateEventInput!) { createEvent(input: $input) { id } }"
)
PUBLIC_EVENTS = (
    "query PublicEvents { publicEvents(first: 5) "
    "{ edges { node { id title owner { username } } } } }"
)

type LogLine = dict[str, Any]


def log_lines(process: ManagedProcess) -> list[LogLine]:
    """The JSON log lines a process wrote so far (other output is skipped)."""
    lines: list[LogLine] = []
    for text in process.log_path.read_text(errors="replace").splitlines():
        if text.startswith("{"):
            try:
                lines.append(json.loads(text))
            except ValueError:
                continue
    return lines


def with_request_id(request_id: str, logger: str | None = None) -> Callable[[LogLine], bool]:
    """Matches the lines of ``request_id`` (written by ``logger``, if given)."""

    def matches(line: LogLine) -> bool:
        return line.get("request_id") == request_id and logger in (None, line.get("logger"))

    return matches


def wait_for_lines(
    process: ManagedProcess, predicate: Callable[[LogLine], bool], timeout: float = 15.0
) -> list[LogLine]:
    """The process's JSON lines matching ``predicate``, once there is at least one."""
    deadline = time.monotonic() + timeout
    while True:
        matching = [line for line in log_lines(process) if predicate(line)]
        if matching or time.monotonic() > deadline:
            return matching
        time.sleep(0.1)


@dataclass
class Observed:
    stack: Stack
    collector: Collector
    token: str
    broken_router_url: str
    broken_router: ManagedProcess

    def process(self, prefix: str) -> ManagedProcess:
        """The stack's process whose name starts with ``prefix`` (``subgraph-events-``…)."""
        return next(p for p in self.stack.processes if p.name.startswith(prefix))

    @property
    def router(self) -> ManagedProcess:
        return self.process("webapp-router-")

    @property
    def webapp(self) -> ManagedProcess:
        return next(p for p in self.stack.processes if p.name.removeprefix("webapp-").isdigit())

    @property
    def router_base(self) -> str:
        return self.stack.router_url.removesuffix("/graphql")

    def graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        url: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        return httpx.post(
            url or self.stack.router_url,
            json={"query": query, "variables": variables or {}},
            headers=headers or {},
            timeout=30,
        )


def _sign_up(stack: Stack) -> str:
    """A user with one public event; their token."""
    username = f"obs{datetime.now(UTC).strftime('%H%M%S%f')}"
    post = httpx.Client(timeout=30).post
    registered = post(
        stack.router_url,
        json={"query": REGISTER, "variables": registration(username, "Observer")},
    )
    assert "errors" not in registered.json(), registered.text
    login = post(stack.router_url, json={"query": LOGIN, "variables": credentials(username)})
    token: str = login.json()["data"]["login"]["token"]
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    event = {
        "title": "Observable party",
        "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=2)).isoformat(),
        "isPublic": True,
    }
    created = post(
        stack.router_url,
        json={"query": CREATE_EVENT, "variables": {"input": event}},
        headers={"authorization": f"Bearer {token}"},
    )
    assert "errors" not in created.json(), created.text
    return token


def _start_broken_router(stack: Stack) -> tuple[ManagedProcess, str]:
    """A second router on the same subgraphs, but calendars points at a closed port."""
    port = free_port()
    urls = {name: running.graphql_url for name, running in stack.subgraphs.items()}
    urls["calendars"] = f"http://127.0.0.1:{free_port()}/graphql"
    router = ManagedProcess(
        name=f"observability-broken-router-{port}",
        argv=[
            PYTHON,
            "-m",
            "router",
            "--supergraph",
            str(stack.data_dir / "supergraph.graphql"),
            "--port",
            str(port),
        ],
        env={
            **ROUTER_ENV,
            "ROUTER_JWKS_URL": stack.subgraphs["users"].jwks_url,
            "ROUTER_SUBGRAPH_TIMEOUT": "3",
            "LOG_FORMAT": "json",
            **{f"ROUTER_SUBGRAPH_{name.upper()}_URL": url for name, url in urls.items()},
        },
    ).start()
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", router, timeout=60)
    except BaseException:
        router.stop()
        raise
    return router, f"http://127.0.0.1:{port}/graphql"


@pytest.fixture(scope="package")
def observed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Observed]:
    collector = Collector().start()
    stack = start_stack(
        tmp_path_factory.mktemp("observability"),
        with_webapp=True,
        extra_env={
            "LOG_FORMAT": "json",
            "ROUTER_LOG_LEVEL": "debug",
            "OTEL_EXPORTER_OTLP_ENDPOINT": collector.endpoint,
            "OTEL_BSP_SCHEDULE_DELAY": "100",
        },
    )
    broken: ManagedProcess | None = None
    try:
        token = _sign_up(stack)
        broken, broken_url = _start_broken_router(stack)
        yield Observed(stack, collector, token, broken_url, broken)
    finally:
        if broken is not None:
            broken.stop()
        stack.stop()
        collector.stop()
