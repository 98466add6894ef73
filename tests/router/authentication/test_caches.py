"""The caches that make repeated tokens cheap: verified tokens, minted credentials."""

from __future__ import annotations

import pytest
from joserfc import jwt

from plumbing.cache import ExpiringCache
from router.authentication.authenticator import Authenticator
from router.authentication.credentials import InternalCredentials
from router.authentication.jwks import JwksKeys, KeysUnavailable
from router.interfaces import Identity
from subgraphs.common.auth import RouterCredentialVerifier
from tests.router.authentication.conftest import Account
from tests.support.processes import free_port
from tests.support.router_credentials import (
    ROUTER_AUDIENCE,
    ROUTER_ISSUER,
    ROUTER_KEY,
    credential,
)
from tests.support.subgraphs import RunningSubgraph


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_entries_expire_at_their_deadline() -> None:
    clock = FakeClock()
    cache: ExpiringCache[str, int] = ExpiringCache(10, clock)
    cache.put("a", 1, deadline=clock.now + 5)
    assert cache.get("a") == 1
    clock.now += 5
    assert cache.get("a") is None
    assert len(cache) == 0


def test_the_least_recently_used_entry_goes_first() -> None:
    cache: ExpiringCache[str, int] = ExpiringCache(2, FakeClock())
    cache.put("a", 1, deadline=2e6)
    cache.put("b", 2, deadline=2e6)
    assert cache.get("a") == 1  # "b" is now the least recently used
    cache.put("c", 3, deadline=2e6)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)


def test_credentials_are_minted_once_and_renewed_a_minute_before_expiry() -> None:
    clock = FakeClock()
    signer = InternalCredentials(
        ROUTER_KEY, issuer=ROUTER_ISSUER, audience=ROUTER_AUDIENCE, clock=clock
    )
    alice = Identity("u-alice")
    first = signer.for_caller(alice)
    clock.now += 239
    assert signer.for_caller(alice) == first
    assert signer.for_caller(Identity("u-bob")) != first
    clock.now += 1  # 60 s before the 300 s expiry
    renewed = signer.for_caller(alice)
    assert renewed != first
    claims = jwt.decode(renewed, ROUTER_KEY, algorithms=["Ed25519"]).claims
    assert claims["iat"] == int(clock.now) and claims["exp"] == int(clock.now) + 300


def test_subgraphs_verify_a_repeated_credential_once() -> None:
    verifier = RouterCredentialVerifier(ROUTER_KEY, issuer=ROUTER_ISSUER, audience=ROUTER_AUDIENCE)
    header = f"Bearer {credential(Identity('u-carol'))}"
    viewer = verifier.viewer_of(header)
    assert viewer is not None and viewer.user_id == "u-carol"
    assert verifier.viewer_of(header) is viewer
    assert verifier.viewer_of(f"Bearer {credential()}") is None  # anonymous, still admitted


async def test_a_verified_user_token_is_served_from_the_cache(
    users_subgraph: RunningSubgraph, alice: Account
) -> None:
    keys = JwksKeys(users_subgraph.jwks_url, ttl=300, refetch_interval=10)
    authenticator = Authenticator(keys, issuer="fedcal-users", audience="fedcal", cache_size=8)
    identity = await authenticator.identify(f"Bearer {alice.token}")
    assert identity is not None and identity.subject == alice.id
    assert identity.claims["username"] == alice.username
    assert await authenticator.identify(f"Bearer {alice.token}") is identity
    assert await authenticator.identify(None) is None


async def test_unreachable_keys_are_reported() -> None:
    keys = JwksKeys(f"http://127.0.0.1:{free_port()}/jwks.json", ttl=300, refetch_interval=10)
    with pytest.raises(KeysUnavailable):
        await keys.current()
