"""Session-wide processes of the conformance suite: one subgraph server, our router per
supergraph and, when differential tests are collected, the two peer gateways (one Node
process each, serving every supergraph). Everything is launched at once, then awaited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.router.conformance.harness import (
    PEERS,
    Case,
    Json,
    execute,
    launch_peer_gateways,
    launch_router,
    load_fixtures,
    start_subgraph_server,
    wait_for_peer_gateways,
    wait_for_router,
)
from tests.support.processes import ManagedProcess


class Stack:
    """Our routers (one per supergraph) and the peers; caches our answer to each case."""

    def __init__(self, subgraph_base: str, with_peers: bool, work_dir: Path) -> None:
        supergraphs = sorted({f.supergraph_path for f in load_fixtures()})
        self.client = httpx.Client(timeout=30)
        self.procs: list[ManagedProcess] = []
        self.routers = {sg: launch_router(sg, subgraph_base) for sg in supergraphs}
        self.procs += [proc for proc, _url in self.routers.values()]
        self.peers: dict[str, dict[Path, str]] = {}
        peer_procs = {}
        for peer in PEERS if with_peers else ():
            peer_procs[peer], self.peers[peer] = launch_peer_gateways(
                peer, supergraphs, subgraph_base, work_dir
            )
            self.procs.append(peer_procs[peer])
        self.router_errors: dict[Path, Exception] = {}
        for supergraph, (proc, url) in list(self.routers.items()):
            try:
                self._wait_or_relaunch(supergraph, proc, url, subgraph_base)
            except (RuntimeError, TimeoutError) as error:  # reported by every case it affects
                self.router_errors[supergraph] = error
        for peer, proc in peer_procs.items():
            wait_for_peer_gateways(proc, self.peers[peer])
        self.answers: dict[str, Json] = {}

    def _wait_or_relaunch(
        self, supergraph: Path, proc: ManagedProcess, url: str, subgraph_base: str
    ) -> None:
        """Wait for a router; relaunch it once on another port if its free port was taken
        meanwhile by another process (a race every free-port picker has)."""
        try:
            wait_for_router(proc, url)
        except RuntimeError as error:
            if "address already in use" not in str(error):
                raise
            self.routers[supergraph] = launch_router(supergraph, subgraph_base)
            self.procs.append(self.routers[supergraph][0])
            wait_for_router(*self.routers[supergraph])

    def ours(self, case: Case, supergraph: Path) -> Json:
        if supergraph in self.router_errors:
            raise RuntimeError(f"our router did not start: {self.router_errors[supergraph]}")
        if case.id not in self.answers:
            self.answers[case.id] = execute(self.client, self.routers[supergraph][1], case)
        return self.answers[case.id]

    def peer(self, peer: str, case: Case, supergraph: Path) -> Json:
        return execute(self.client, self.peers[peer][supergraph], case)

    def stop(self) -> None:
        self.client.close()
        for proc in self.procs:  # signal all first, then reap: parallel shutdown
            if proc.process is not None and proc.process.poll() is None:
                proc.process.terminate()
        for proc in self.procs:
            proc.stop()


@pytest.fixture(scope="session")
def subgraph_base() -> Iterator[str]:
    proc, base = start_subgraph_server()
    yield base
    proc.stop()


@pytest.fixture(scope="session")
def stack(
    subgraph_base: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    differential = ("test_differential", "test_random_differential")
    with_peers = any(name in item.nodeid for item in request.session.items for name in differential)
    stack = Stack(subgraph_base, with_peers, tmp_path_factory.mktemp("peer-supergraphs"))
    yield stack
    stack.stop()
