"""The whole platform as real processes, with the means to crash and restart its parts.

mongoeco keeps its data in SQLite so that it survives its own restart; every service is
restarted on the port it had, so the router (never restarted) finds it again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.support.processes import ManagedProcess, start_mongoeco, wait_for_http
from tests.support.subgraphs import start_subgraph
from tests.webapp.stack import SUBGRAPHS, Stack, start_stack

type Json = dict[str, Any]

STARTUP_TIMEOUT = 120.0  # a loaded 2-core machine starts a subgraph slowly


@dataclass
class FaultPlatform:
    stack: Stack
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=60))

    @classmethod
    def start(cls, data_dir: Path) -> FaultPlatform:
        stack = start_stack(data_dir, with_webapp=False, database_file=data_dir / "mongoeco.sqlite")
        return cls(stack)

    def stop(self) -> None:
        self.http.close()
        self.stack.stop()

    def post(self, query: str, variables: Mapping[str, Any], token: str) -> httpx.Response:
        return self.http.post(
            self.stack.router_url,
            json={"query": query, "variables": dict(variables)},
            headers={"authorization": f"Bearer {token}"} if token else {},
        )

    def graphql(
        self, query: str, variables: Mapping[str, Any] | None = None, token: str = ""
    ) -> Json:
        body: Json = self.post(query, variables or {}, token).json()
        return body

    def data(self, query: str, variables: Mapping[str, Any] | None = None, token: str = "") -> Json:
        """Execute and require an answer without errors."""
        body = self.graphql(query, variables, token)
        assert not body.get("errors"), body
        data: Json = body["data"]
        return data

    # -- subgraphs ---------------------------------------------------------------------------

    def kill_subgraph(self, name: str) -> None:
        """SIGKILL, as a crash would."""
        self.stack.subgraphs[name].process.kill()

    def restart_subgraph(self, name: str) -> None:
        """Start ``name`` again on its port with its environment; wait until it is healthy."""
        old = self.stack.subgraphs[name]
        new = start_subgraph(
            name,
            self.stack.mongo_uri,
            {"JWKS_URL": old.user_jwks_url},
            data_dir=self.stack.data_dir,
            port=old.port,
            startup_timeout=STARTUP_TIMEOUT,
        )
        self._replace(old.process, new.process)
        self.stack.subgraphs[name] = new

    # -- database ----------------------------------------------------------------------------

    @property
    def database(self) -> ManagedProcess:
        return self.stack.processes[0]  # start_stack starts mongoeco first

    def kill_database(self) -> None:
        self.database.kill()

    def restart_database(self) -> None:
        port = urlsplit(self.stack.mongo_uri).port
        assert port is not None
        process, _ = start_mongoeco(
            "faults-mongo-restarted",
            sqlite_file=self.stack.data_dir / "mongoeco.sqlite",
            port=port,
        )
        self._replace(self.database, process)

    def wait_all_healthy(self) -> None:
        """Every subgraph answers ``/health`` 200 (database reachable, indexes ready)."""
        for name in SUBGRAPHS:
            running = self.stack.subgraphs[name]
            wait_for_http(f"{running.url}/health", running.process, timeout=STARTUP_TIMEOUT)

    def _replace(self, old: ManagedProcess, new: ManagedProcess) -> None:
        index = self.stack.processes.index(old)
        self.stack.processes[index] = new


@dataclass
class Recorded:
    """One request made by a :class:`Loop`: when it ended and what came back."""

    ended: float
    status: int
    body: Json


class Loop:
    """Sends one operation over and over from a thread while the test breaks things."""

    def __init__(self, send: Callable[[httpx.Client], httpx.Response], pause: float = 0.05):
        self._send = send
        self._pause = pause
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.records: list[Recorded] = []
        self.failure: BaseException | None = None

    def __enter__(self) -> Loop:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(120)

    def _run(self) -> None:
        with httpx.Client(timeout=60) as client:
            while not self._stop.is_set():
                try:
                    response = self._send(client)
                    self.records.append(
                        Recorded(time.monotonic(), response.status_code, response.json())
                    )
                except BaseException as error:  # surfaced by the test through ``failure``
                    self.failure = error
                    return
                self._stop.wait(self._pause)

    def since(self, instant: float) -> list[Recorded]:
        return [record for record in list(self.records) if record.ended > instant]

    def wait_for(
        self, condition: Callable[[list[Recorded]], bool], what: str, timeout: float = 120.0
    ) -> None:
        """Wait until ``condition(records)`` holds (the deadline is generous, never measured)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.failure is not None:
                raise AssertionError(f"the client loop failed: {self.failure!r}")
            if condition(list(self.records)):
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}")
