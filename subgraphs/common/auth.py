"""Verify the users subgraph's JWTs against its JWKS (cached, refetched on unknown ``kid``)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from subgraphs.common.errors import Unauthenticated

ALGORITHMS = ["Ed25519"]  # RFC 9864 name of EdDSA over Ed25519
JWKS_TTL_SECONDS = 300.0
MIN_REFETCH_SECONDS = 5.0


@dataclass(frozen=True)
class Viewer:
    """The authenticated caller, as stated by a verified token."""

    user_id: str
    username: str
    scopes: frozenset[str] = frozenset()


class TokenVerifier:
    """Checks signature, expiry, issuer and audience of bearer tokens."""

    def __init__(
        self,
        jwks_url: str,
        *,
        issuer: str,
        audience: str,
        key_set: KeySet | None = None,
    ) -> None:
        self._jwks_url = jwks_url
        self._issuer = issuer
        self._audience = audience
        self._static_keys = key_set
        self._keys: KeySet | None = key_set
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def _key_set(self, *, refresh: bool = False) -> KeySet:
        if self._static_keys is not None:
            return self._static_keys
        now = time.monotonic()
        stale = now - self._fetched_at > JWKS_TTL_SECONDS
        may_refresh = refresh and now - self._fetched_at > MIN_REFETCH_SECONDS
        if self._keys is None or stale or may_refresh:
            async with self._lock:
                if self._keys is None or time.monotonic() - self._fetched_at > MIN_REFETCH_SECONDS:
                    self._keys = await self._fetch()
                    self._fetched_at = time.monotonic()
        assert self._keys is not None
        return self._keys

    async def _fetch(self) -> KeySet:
        try:
            async with httpx.AsyncClient(timeout=5.0) as client:
                response = await client.get(self._jwks_url)
                response.raise_for_status()
                return KeySet.import_key_set(response.json())
        except (httpx.HTTPError, ValueError) as error:
            raise Unauthenticated("Token keys are unavailable; try again shortly.") from error

    async def verify(self, token: str) -> Viewer:
        """Return the viewer of a valid token or raise :class:`Unauthenticated`."""
        keys = await self._key_set()
        try:
            kid = jws.extract_compact(token.encode()).headers().get("kid")
        except (JoseError, ValueError) as error:
            raise Unauthenticated("The token is malformed.") from error
        if kid is not None and not _has_kid(keys, kid):
            keys = await self._key_set(refresh=True)
        try:
            decoded = jwt.decode(token, keys, algorithms=ALGORITHMS)
            jwt.JWTClaimsRegistry(
                exp={"essential": True},
                sub={"essential": True},
                iss={"essential": True, "value": self._issuer},
                aud={"essential": True, "value": self._audience},
            ).validate(decoded.claims)
        except (JoseError, ValueError) as error:
            raise Unauthenticated("The token is invalid or has expired.") from error
        claims = decoded.claims
        scopes = frozenset(str(claims.get("scope", "")).split())
        return Viewer(str(claims["sub"]), str(claims.get("username", "")), scopes)


def bearer_token(authorization: str | None) -> str | None:
    """Extract the token from an ``Authorization: Bearer`` header."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _has_kid(keys: KeySet, kid: str) -> bool:
    try:
        keys.get_by_kid(kid)
    except JoseError:
        return False
    return True
