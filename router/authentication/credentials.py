"""The internal credential: a short-lived JWT the router signs for every subgraph request.

Claims: ``iss``, ``aud``, ``iat``, ``exp`` and, for an authenticated caller, ``sub``,
``username``, ``scope`` (space-separated) and the session claim (``ROUTER_SESSION_CLAIM``,
``sid``) taken from the caller's verified token.
Anonymous requests carry a credential without ``sub``. A credential is minted once per
caller and reused until ``renew_before_seconds`` before it expires.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from joserfc.jwk import OKPKey

from plumbing.cache import ExpiringCache
from plumbing.tokens import sign_token
from router.interfaces import Identity

type CallerKey = tuple[str, str, str, str] | None


class InternalCredentials:
    """Mints (and caches) the credential for a caller."""

    def __init__(
        self,
        key: OKPKey,
        *,
        issuer: str,
        audience: str,
        ttl_seconds: int = 300,
        renew_before_seconds: int = 60,
        cache_size: int = 10_000,
        session_claim: str = "sid",
        clock: Callable[[], float] = time.time,
    ) -> None:
        if ttl_seconds <= renew_before_seconds:
            raise ValueError("the credential TTL must be longer than its renewal margin")
        self._key = key
        self._issuer = issuer
        self._audience = audience
        self._ttl = ttl_seconds
        self._renew_before = renew_before_seconds
        self._session_claim = session_claim
        self._clock = clock
        self._minted: ExpiringCache[CallerKey, str] = ExpiringCache(cache_size, clock)

    def for_caller(self, identity: Identity | None) -> str:
        """The credential for ``identity`` (None: anonymous), minted at most once per renewal."""
        caller = _caller_key(identity, self._session_claim)
        credential = self._minted.get(caller)
        if credential is None:
            now = int(self._clock())
            credential = self._mint(caller, now)
            self._minted.put(caller, credential, now + self._ttl - self._renew_before)
        return credential

    def _mint(self, caller: CallerKey, now: int) -> str:
        claims: dict[str, Any] = {
            "iss": self._issuer,
            "aud": self._audience,
            "iat": now,
            "exp": now + self._ttl,
        }
        if caller is not None:
            subject, username, scope, session = caller
            claims.update(sub=subject, username=username)
            if scope:
                claims["scope"] = scope
            if session:
                claims[self._session_claim] = session
        return sign_token(claims, self._key)


def _caller_key(identity: Identity | None, session_claim: str) -> CallerKey:
    if identity is None:
        return None
    username = identity.claims.get("username")
    session = identity.claims.get(session_claim)
    return (
        identity.subject,
        username if isinstance(username, str) else "",
        " ".join(sorted(identity.scopes)),
        session if isinstance(session, str) else "",
    )
