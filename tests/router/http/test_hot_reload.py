"""Supergraph hot reload: a new file or URL document swaps in, requests in flight finish on the
old supergraph, plans are warmed, and an invalid document is refused while the old one serves."""

from __future__ import annotations

import hashlib
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from devtools.composer import SubgraphSource, compose_subgraphs
from tests.router.http.conftest import UNUSED_URL
from tests.router.http.helpers import post
from tests.support.processes import PYTHON, ManagedProcess, free_port, wait_for_http

SLOW_FIELD = "  slow(milliseconds: Int!): String!\n"
POLL = "0.2"


@pytest.fixture(scope="module")
def supergraphs(supergraph_path: Path) -> dict[str, str]:
    """``full`` (the test subgraph as it is) and ``lean`` (the same without ``slow``)."""
    full = supergraph_path.read_text(encoding="utf-8")
    sdl = subgraph_sdl()
    assert SLOW_FIELD in sdl
    lean = compose_subgraphs([SubgraphSource("users", sdl.replace(SLOW_FIELD, ""), UNUSED_URL)])
    return {"full": full, "lean": lean}


def subgraph_sdl() -> str:
    return subprocess.run(
        [PYTHON, "-m", "tests.router.http.subgraph_app", "--print-sdl"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


type Started = tuple[str, ManagedProcess]


@pytest.fixture
def start(subgraph_url: str) -> Iterator[Callable[[dict[str, str]], Started]]:
    processes: list[ManagedProcess] = []

    def run(env: dict[str, str]) -> Started:
        port = free_port()
        proc = ManagedProcess(
            name=f"router-reload-{port}",
            argv=[PYTHON, "-m", "router"],
            env={
                "ROUTER_PORT": str(port),
                "ROUTER_SUBGRAPH_USERS_URL": subgraph_url,
                "ROUTER_SUPERGRAPH_POLL_INTERVAL": POLL,
                **env,
            },
        ).start()
        processes.append(proc)
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/health", proc)
        return base, proc

    yield run
    for proc in processes:
        proc.stop()


def served_hash(base: str) -> str:
    return str(httpx.get(f"{base}/health").json()["supergraph"])


def wait_for_hash(base: str, sdl: str, timeout: float = 10.0) -> None:
    wanted = hashlib.sha256(sdl.encode()).hexdigest()
    deadline = time.monotonic() + timeout
    while served_hash(base) != wanted:
        assert time.monotonic() < deadline, "the new supergraph was not installed"
        time.sleep(0.05)


def slow_query(base: str, milliseconds: int = 1) -> httpx.Response:
    return post(base, {"query": f"{{ slow(milliseconds: {milliseconds}) }}"})


def test_a_new_file_swaps_in_and_in_flight_requests_finish(
    start: Callable[[dict[str, str]], Started], supergraphs: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_text(supergraphs["lean"], encoding="utf-8")
    base, proc = start({"ROUTER_SUPERGRAPH": str(path)})
    refused = slow_query(base).json()
    assert refused["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert post(base, {"query": "{ hello }"}).json() == {"data": {"hello": "world"}}

    path.write_text(supergraphs["full"], encoding="utf-8")
    wait_for_hash(base, supergraphs["full"])
    assert slow_query(base).json() == {"data": {"slow": "done"}}
    assert "supergraph swapped in; 1 plans warmed" in proc.log_tail(200)  # { hello }

    in_flight: list[httpx.Response] = []
    request = threading.Thread(target=lambda: in_flight.append(slow_query(base, 1500)))
    request.start()
    time.sleep(0.4)  # the request is running on the full supergraph
    path.write_text(supergraphs["lean"], encoding="utf-8")
    wait_for_hash(base, supergraphs["lean"])
    request.join()
    assert in_flight[0].json() == {"data": {"slow": "done"}}
    assert "errors" in slow_query(base).json()


def test_an_invalid_file_is_refused_and_the_old_supergraph_keeps_serving(
    start: Callable[[dict[str, str]], Started], supergraphs: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_text(supergraphs["full"], encoding="utf-8")
    base, proc = start({"ROUTER_SUPERGRAPH": str(path)})
    before = served_hash(base)
    path.write_text("this is not a supergraph {", encoding="utf-8")
    deadline = time.monotonic() + 10
    while "refused, keeping the current one" not in proc.log_tail(200):
        assert time.monotonic() < deadline, proc.log_tail(40)
        time.sleep(0.05)
    assert served_hash(base) == before
    assert slow_query(base).json() == {"data": {"slow": "done"}}


def test_a_supergraph_url_is_polled(
    start: Callable[[dict[str, str]], Started], supergraphs: dict[str, str]
) -> None:
    served = {"sdl": supergraphs["lean"]}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = served["sdl"].encode()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("if-none-match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("etag", etag)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/supergraph.graphql"
        base, _ = start({"ROUTER_SUPERGRAPH_URL": url, "ROUTER_SUPERGRAPH": "/nonexistent"})
        assert "errors" in slow_query(base).json()
        served["sdl"] = supergraphs["full"]
        wait_for_hash(base, supergraphs["full"])
        assert slow_query(base).json() == {"data": {"slow": "done"}}
    finally:
        server.shutdown()
