"""Start a subgraph as a real process (``python -m subgraphs.<name>``) and talk GraphQL to it.

Subgraphs accept calls only through the router: the harness plays the router
(``tests.support.router_credentials``), so every request carries a router credential for the
caller of the given user token.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.support.processes import PYTHON, ManagedProcess, free_port, wait_for_http
from tests.support.router_credentials import SUBGRAPH_ENV, router_headers

JWKS_PATH = "/.well-known/jwks.json"


@dataclass
class RunningSubgraph:
    name: str
    port: int
    process: ManagedProcess
    user_jwks_url: str  # where the harness, playing the router, verifies user tokens

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"

    @property
    def jwks_url(self) -> str:
        return f"{self.url}{JWKS_PATH}"

    def client(self, token: str | None = None) -> GraphQLClient:
        return GraphQLClient(self.graphql_url, token, self.user_jwks_url)

    def stop(self) -> None:
        self.process.stop()


def start_subgraph(
    name: str,
    mongo_uri: str,
    extra_env: Mapping[str, str] | None = None,
    *,
    data_dir: Path,
    wait: bool = True,
    startup_timeout: float = 120.0,
    port: int | None = None,
) -> RunningSubgraph:
    """Start subgraph ``name`` on a free port with its own database on ``mongo_uri``.

    ``extra_env`` overrides anything. Its ``JWKS_URL`` is for the harness, not the subgraph:
    where the users subgraph publishes its keys, to verify user tokens as the router would
    (default: this subgraph's own JWKS, right for users). The subgraph trusts the test
    router key (``ROUTER_PUBLIC_KEY_FILE``). With ``wait``, returns once ``/health``
    answers 200 (the timeout is generous: machines running several suites start slowly).
    ``port`` restarts a subgraph where it ran before (default: a free port).
    """
    port = port or free_port()
    prefix = name.upper()
    env = {
        f"{prefix}_PORT": str(port),
        f"{prefix}_MONGODB_URI": mongo_uri,
        "DATA_DIR": str(data_dir),
        "APP_ENV": "test",
        # Suites register many people from one loopback address; the registration
        # throttling tests (tests/subgraphs/users_throttling) turn the quota back on.
        "USERS_REGISTRATION_CLIENT_MAX": "0",
        **SUBGRAPH_ENV,
        **(extra_env or {}),
    }
    user_jwks_url = env.pop("JWKS_URL", f"http://127.0.0.1:{port}{JWKS_PATH}")
    process = ManagedProcess(
        name=f"subgraph-{name}-{port}", argv=[PYTHON, "-m", f"subgraphs.{name}"], env=env
    ).start()
    running = RunningSubgraph(name, port, process, user_jwks_url)
    if wait:
        try:
            wait_for_http(f"{running.url}/health", process, timeout=startup_timeout)
        except BaseException:
            process.stop()
            raise
    return running


@dataclass(frozen=True)
class GraphQLClient:
    """Minimal GraphQL-over-HTTP client; returns the response body as JSON.

    Sends what the router would: a router credential for the caller of ``token`` (verified
    against ``jwks_url``), an anonymous one without a token, none for a token the router
    would refuse.
    """

    url: str
    token: str | None = None
    jwks_url: str | None = None

    def execute(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        headers = router_headers(self.token or None, self.jwks_url)
        response = httpx.post(
            self.url,
            json={"query": query, "variables": dict(variables or {})},
            headers=headers,
            timeout=30.0,
        )
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Execute and require a result without errors."""
        body = self.execute(query, variables)
        assert not body.get("errors"), body
        data: dict[str, Any] = body["data"]
        return data

    def with_token(self, token: str | None) -> GraphQLClient:
        return GraphQLClient(self.url, token, self.jwks_url)


def only_error(body: Mapping[str, Any]) -> dict[str, Any]:
    """The single error of a response (fails if there is not exactly one)."""
    errors = body.get("errors") or []
    assert len(errors) == 1, body
    error: dict[str, Any] = errors[0]
    return error


def error_code(body: Mapping[str, Any]) -> str:
    return str(only_error(body)["extensions"]["code"])
