"""What the router sends to subgraphs: its own credential (minted once per caller) instead of
the client's token, the client's address, and a credential on readiness probes too."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import MappingProxyType

import httpx
import pytest
from joserfc import jwt

from plumbing.keys import generate_key, private_jwk_text
from router.authentication.credentials import InternalCredentials
from router.interfaces import Identity, RequestContext
from router.settings import SubgraphEndpoint
from router.transport import AiohttpSubgraphTransport
from tests.router.authentication.conftest import Router, RouterFactory
from tests.support.processes import PYTHON, ManagedProcess, free_port, wait_for_http
from tests.support.router_credentials import ROUTER_AUDIENCE, ROUTER_ISSUER, ROUTER_KEY
from tests.support.subgraphs import RunningSubgraph

ECHO = (
    '{ auth: echoHeader(name: "authorization") '
    'client: echoHeader(name: "x-forwarded-for") '
    'request: echoHeader(name: "x-request-id") }'
)
ALICE = Identity(
    "u-alice",
    frozenset({"calendar:read", "events:write"}),
    MappingProxyType({"sub": "u-alice", "username": "alice"}),
)


@pytest.fixture(scope="module")
def echo_subgraph_url() -> Iterator[str]:
    """The HTTP-layer tests' tiny subgraph: ``echoHeader(name)`` shows what it received."""
    port = free_port()
    process = ManagedProcess(
        name=f"auth-echo-subgraph-{port}",
        argv=[PYTHON, "-m", "tests.router.http.subgraph_app", "--port", str(port)],
    ).start()
    try:
        url = f"http://127.0.0.1:{port}/graphql"
        wait_for_http(f"{url}?query=%7B__typename%7D", process, timeout=120)
        yield url
    finally:
        process.stop()


@pytest.fixture
async def transport(echo_subgraph_url: str) -> AsyncIterator[AiohttpSubgraphTransport]:
    signer = InternalCredentials(ROUTER_KEY, issuer=ROUTER_ISSUER, audience=ROUTER_AUDIENCE)
    transport = AiohttpSubgraphTransport(["x-request-id"], credentials=signer)
    transport.bind_endpoints({"echo": SubgraphEndpoint("echo", echo_subgraph_url, 10.0)})
    await transport.start()
    yield transport
    await transport.close()


def context(identity: Identity | None, client: str | None = "203.0.113.7") -> RequestContext:
    return RequestContext(
        headers={"authorization": "Bearer the-clients-own-token"},
        request_id="rid-7",
        identity=identity,
        client_address=client,
    )


def claims_of(authorization: str) -> dict[str, object]:
    scheme, _, token = authorization.partition(" ")
    assert scheme == "Bearer"
    return dict(jwt.decode(token, ROUTER_KEY, algorithms=["Ed25519"]).claims)


async def test_subgraphs_get_a_credential_for_the_caller_not_the_clients_token(
    transport: AiohttpSubgraphTransport,
) -> None:
    body = await transport.fetch("echo", {"query": ECHO}, context(ALICE))
    echoed = body["data"]
    assert echoed["client"] == "203.0.113.7"
    assert echoed["request"] == "rid-7"
    claims = claims_of(echoed["auth"])
    assert {key: claims[key] for key in ("iss", "aud", "sub", "username", "scope")} == {
        "iss": ROUTER_ISSUER,
        "aud": ROUTER_AUDIENCE,
        "sub": "u-alice",
        "username": "alice",
        "scope": "calendar:read events:write",
    }
    lifetime = claims["exp"] - claims["iat"]  # type: ignore[operator]
    assert lifetime == 300


async def test_a_credential_is_reused_per_caller_and_anonymous_has_no_subject(
    transport: AiohttpSubgraphTransport,
) -> None:
    first = (await transport.fetch("echo", {"query": ECHO}, context(ALICE)))["data"]["auth"]
    again = (await transport.fetch("echo", {"query": ECHO}, context(ALICE)))["data"]["auth"]
    anonymous = (await transport.fetch("echo", {"query": ECHO}, context(None, None)))["data"]
    assert again == first
    assert anonymous["client"] is None
    assert "sub" not in claims_of(anonymous["auth"])
    assert anonymous["auth"] != first


def test_readiness_probes_carry_the_credential(router: Router) -> None:
    response = httpx.get(f"{router.base}/ready")
    states = response.json()["subgraphs"]
    assert states["users"] == "ok" and states["events"] == "ok", states
    assert states["calendars"].startswith("unreachable")  # not started in these tests


@pytest.mark.parametrize("key", ["another key", "no key"])
def test_a_router_without_the_right_key_is_refused_by_subgraphs(
    start_router: RouterFactory,
    users_subgraph: RunningSubgraph,
    events_subgraph: RunningSubgraph,
    tmp_path: Path,
    key: str,
) -> None:
    env = {}
    if key == "another key":
        key_file = tmp_path / "other-router-key.json"
        key_file.write_text(private_jwk_text(generate_key()))
        env["ROUTER_INTERNAL_KEY_FILE"] = str(key_file)
    router = start_router({"users": users_subgraph, "events": events_subgraph}, env)
    states = httpx.get(f"{router.base}/ready").json()["subgraphs"]
    assert states["users"].startswith("refused: This subgraph accepts calls only through"), states
    body = router.post("{ publicEvents(first: 1) { edges { cursor } } }").json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
