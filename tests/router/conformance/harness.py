"""Shared plumbing of the conformance suite: fixtures, processes, requests, comparison."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.support.processes import PYTHON, ManagedProcess, free_port, wait_for_http
from tests.support.supergraphs import compose_fixtures

HERE = Path(__file__).parent
FIXTURES_DIR = HERE / "fixtures"
COMPOSED_URL_PREFIX = "http://localhost:4001"
FIXTURE_URL = COMPOSED_URL_PREFIX + "/{dir}/{name}/graphql"  # the gateways are pointed elsewhere
PEERS = ("apollo", "hive")
DEAD_BASE = "http://127.0.0.1:1"  # nothing listens on port 1: "connection refused"
# The composer breaks a long @join__graph(...) over several lines.
JOIN_GRAPH = re.compile(
    r'^\s*(\w+)\s+@join__graph\(\s*name:\s*"([^"]+)",?\s*url:\s*"([^"]+)"\s*\)', re.M
)

Json = Any


@dataclass(frozen=True)
class Case:
    fixture: str
    name: str
    query: str
    variables: dict[str, Json] | None
    operation_name: str | None
    expected: dict[str, Json] | None
    divergences: dict[str, str]
    unordered: bool = False

    @property
    def id(self) -> str:
        return f"{self.fixture}/{self.name}"


@dataclass(frozen=True)
class Fixture:
    """A feature directory: its cases, and the directory whose subgraphs it queries."""

    name: str
    path: Path
    schema_dir: Path

    @property
    def supergraph_path(self) -> Path:
        """The composed supergraph (its parent directory is named like ``schema_dir``)."""
        return fixture_supergraphs()[self.schema_dir]

    def subgraph_sdl_files(self) -> list[Path]:
        return sorted(
            p for p in self.schema_dir.glob("*.graphql") if p.name != "supergraph.graphql"
        )

    def cases(self) -> list[Case]:
        path = self.path / "cases.json"
        if not path.exists():
            return []
        return [
            Case(
                fixture=self.name,
                name=raw["name"],
                query=raw["query"],
                variables=raw.get("variables"),
                operation_name=raw.get("operationName"),
                expected=raw.get("expected"),
                divergences=raw.get("divergences", {}),
                unordered=raw.get("unordered", False),
            )
            for raw in json.loads(path.read_text())
        ]


def load_fixtures(include_faults: bool = False) -> list[Fixture]:
    """Every fixture directory; ``fixture.json`` {"schema": "<dir>"} borrows another's schema.

    Fixtures marked ``{"faults": true}`` or ``{"standalone": true}`` start their own processes
    in their tests and are left out unless ``include_faults``."""
    fixtures = []
    for path in sorted(p for p in FIXTURES_DIR.iterdir() if p.is_dir()):
        meta_path = path / "fixture.json"
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        if (meta.get("faults") or meta.get("standalone")) and not include_faults:
            continue
        schema_dir = FIXTURES_DIR / meta["schema"] if "schema" in meta else path
        fixtures.append(Fixture(path.name, path, schema_dir))
    return fixtures


def schema_dirs() -> list[Path]:
    """Every fixture directory holding subgraph SDL files."""
    return sorted(p for p in FIXTURES_DIR.iterdir() if p.is_dir() and any(p.glob("*.graphql")))


def fixture_supergraphs() -> dict[Path, Path]:
    """Every fixture's supergraph, composed at first use (one composer run for all)."""
    return compose_fixtures(schema_dirs(), FIXTURE_URL)


def supergraph_of(schema_dir_name: str) -> Path:
    """The composed supergraph of one fixture directory."""
    return fixture_supergraphs()[FIXTURES_DIR / schema_dir_name]


def down_subgraphs(schema_dir: Path) -> frozenset[str]:
    """Subgraphs a fixture declares down (``fixture.json`` {"down": [...]}): nothing listens."""
    meta_path = schema_dir / "fixture.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    return frozenset(meta.get("down", []))


def subgraph_urls(supergraph_path: Path, subgraph_base: str) -> dict[str, tuple[str, str]]:
    """join__graph enum -> (composed URL, URL to use now: the test server or a dead port)."""
    down = down_subgraphs(FIXTURES_DIR / supergraph_path.parent.name)
    urls = {}
    for enum, name, url in JOIN_GRAPH.findall(supergraph_path.read_text()):
        base = DEAD_BASE if name in down else subgraph_base
        urls[enum] = (url, url.replace(COMPOSED_URL_PREFIX, base))
    return urls


def router_env(supergraph_path: Path, subgraph_base: str) -> dict[str, str]:
    """``ROUTER_SUBGRAPH_<NAME>_URL`` overrides pointing every join__graph at the test server.

    Demand control only measures here: the fixtures carry no ``@cost``/``@listSize``, the
    peers have no budget, and what is compared is the answer (every case still goes through
    the cost estimate and the actual cost)."""
    return {
        "ROUTER_COST_MODE": "measure",
        **{
            f"ROUTER_SUBGRAPH_{enum}_URL": now
            for enum, (_composed, now) in subgraph_urls(supergraph_path, subgraph_base).items()
        },
    }


def rewrite_urls(supergraph_path: Path, subgraph_base: str) -> str:
    """The supergraph with join__graph URLs pointing at the test server (for peer gateways)."""
    text = supergraph_path.read_text()
    for composed, now in subgraph_urls(supergraph_path, subgraph_base).values():
        text = text.replace(f'url: "{composed}"', f'url: "{now}"')
    return text


def start_subgraph_server(*only: str) -> tuple[ManagedProcess, str]:
    """Start the generic subgraph server (every fixture, or only the given ``fixture`` or
    ``fixture/subgraph`` names); return it and its base URL."""
    port = free_port()
    argv = [PYTHON, "-m", "tests.router.conformance.subgraph_server", "--port", str(port)]
    for name in only:
        argv += ["--only", name]
    label = "-".join(only).replace("/", "-") or "all"
    proc = ManagedProcess(name=f"conformance-subgraphs-{label}-{port}", argv=argv).start()
    base = f"http://127.0.0.1:{port}"
    wait_for_http(f"{base}/health", proc)
    return proc, base


def launch_router(
    supergraph_path: Path, subgraph_base: str, extra_env: dict[str, str] | None = None
) -> tuple[ManagedProcess, str]:
    """Launch our router (``python -m router``) on a free port without waiting for it."""
    port = free_port()
    env = router_env(supergraph_path, subgraph_base) | (extra_env or {})
    proc = ManagedProcess(
        name=f"conformance-router-{supergraph_path.parent.name}-{port}",
        argv=[PYTHON, "-m", "router", "--supergraph", str(supergraph_path), "--port", str(port)],
        env=env,
    ).start()
    return proc, f"http://127.0.0.1:{port}/graphql"


def wait_for_router(proc: ManagedProcess, url: str) -> None:
    wait_for_http(url.removesuffix("/graphql") + "/health", proc, timeout=60)


def start_router(
    supergraph_path: Path, subgraph_base: str, extra_env: dict[str, str] | None = None
) -> tuple[ManagedProcess, str]:
    """Start our router and wait until it is healthy; return it and its GraphQL URL."""
    proc, url = launch_router(supergraph_path, subgraph_base, extra_env)
    wait_for_router(proc, url)
    return proc, url


def launch_peer_gateways(
    peer: str,
    supergraphs: Sequence[Path],
    subgraph_base: str,
    work_dir: Path,
    env: dict[str, str] | None = None,
) -> tuple[ManagedProcess, dict[Path, str]]:
    """Launch one Node process serving every supergraph (rewritten URLs) through ``peer``."""
    work_dir.mkdir(parents=True, exist_ok=True)
    argv = ["node", str(HERE / f"{peer}_gateway.mjs")]
    urls: dict[Path, str] = {}
    for supergraph in supergraphs:
        rewritten = work_dir / f"{peer}-{supergraph.parent.name}.graphql"
        rewritten.write_text(rewrite_urls(supergraph, subgraph_base))
        port = free_port()
        argv += [str(rewritten), str(port)]
        urls[supergraph] = f"http://127.0.0.1:{port}/graphql"
    proc = ManagedProcess(name=f"conformance-{peer}-{port}", argv=argv, env=env or {}).start()
    return proc, urls


def wait_for_peer_gateways(proc: ManagedProcess, urls: dict[Path, str]) -> None:
    for url in urls.values():
        port = int(url.split(":")[2].split("/")[0])
        proc.wait_for_port(port, timeout=120)


def start_peer_gateways(
    peer: str,
    supergraphs: Sequence[Path],
    subgraph_base: str,
    work_dir: Path,
    env: dict[str, str] | None = None,
) -> tuple[ManagedProcess, dict[Path, str]]:
    """Start one Node process serving every supergraph through ``peer`` and wait for it."""
    proc, urls = launch_peer_gateways(peer, supergraphs, subgraph_base, work_dir, env)
    wait_for_peer_gateways(proc, urls)
    return proc, urls


@contextmanager
def running(*procs: ManagedProcess) -> Iterator[None]:
    try:
        yield
    finally:
        for proc in procs:
            proc.stop()


def execute(client: httpx.Client, url: str, case: Case) -> Json:
    """POST a case as GraphQL-over-HTTP JSON; return the decoded response body."""
    body: dict[str, Json] = {"query": case.query}
    if case.variables is not None:
        body["variables"] = case.variables
    if case.operation_name is not None:
        body["operationName"] = case.operation_name
    response = client.post(url, json=body, headers={"Content-Type": "application/json"})
    try:
        return response.json()
    except ValueError:
        return {"_http_status": response.status_code, "_body": response.text[:500]}


def _error_matches(expected: dict[str, Json], actual: Json) -> bool:
    """Compare only what the case specifies: message / message_contains, path / path_prefix /
    path_suffix, and the listed ``extensions`` keys."""
    if not isinstance(actual, dict):
        return False
    for key in ("message", "path"):
        if key in expected and actual.get(key) != expected[key]:
            return False
    if "message_contains" in expected and expected["message_contains"] not in str(
        actual.get("message", "")
    ):
        return False
    path = actual.get("path") or []
    prefix, suffix = expected.get("path_prefix"), expected.get("path_suffix")
    if prefix is not None and path[: len(prefix)] != prefix:
        return False
    if suffix is not None and path[len(path) - len(suffix) :] != suffix:
        return False
    actual_ext = actual.get("extensions") or {}
    return all(actual_ext.get(k) == v for k, v in (expected.get("extensions") or {}).items())


def _canonical(value: Json) -> Json:
    """Sort every list (recursively) so list order stops mattering."""
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


def mismatches(expected: dict[str, Json], actual: Json, unordered: bool = False) -> list[str]:
    """Why ``actual`` does not conform to ``expected`` (empty when it does).

    ``data`` must be equal (list order ignored when ``unordered``) and present exactly when
    expected (request errors have no ``data`` entry, GraphQL spec 7.1). Each expected error
    must match a distinct actual error (``"repeat": true``: one or more), in any order, and no
    other errors may appear.
    """
    if not isinstance(actual, dict):
        return [f"response is not a JSON object: {actual!r}"]
    problems = []
    if ("data" in expected) != ("data" in actual):
        problems.append(f"'data' entry {'missing' if 'data' in expected else 'present'}")
    want, got = expected.get("data"), actual.get("data")
    if (_canonical(want) != _canonical(got)) if unordered else (want != got):
        problems.append(
            f"data differs:\n  expected {json.dumps(want)}\n  actual   {json.dumps(got)}"
        )
    remaining = list(actual.get("errors") or [])
    for error in expected.get("errors") or []:
        matched = [a for a in remaining if _error_matches(error, a)]
        if not matched:
            problems.append(f"missing error {json.dumps(error)}")
            continue
        for match in matched if error.get("repeat") else matched[:1]:
            remaining.remove(match)
    problems += [f"unexpected error {json.dumps(e)}" for e in remaining]
    return problems
