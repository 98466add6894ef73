"""The issuer's list of revoked sessions, fetched over HTTP and cached for a few seconds.

The list is JSON ``{"revoked": ["<session id>", ...]}``: the values of the session claim
(``ROUTER_SESSION_CLAIM``) of tokens that must be refused although unexpired. It is re-read
at most every ``ttl`` seconds, so a revocation takes effect within that window. While a
refresh runs, other requests use the previous list; when a refresh fails the previous list
is kept (a revoked token then works until its own ``exp`` at worst). With no list at all,
verification is unavailable (and retried at most once a second).
"""

from __future__ import annotations

from typing import Any

from router.authentication.jwks import RETRY_WITHOUT_KEYS_SECONDS, KeysUnavailable
from router.authentication.remote_document import RemoteDocument


class RevocationsUnavailable(KeysUnavailable):
    """The revocation list cannot be fetched and no earlier copy is available."""


class RevocationList:
    """Revoked session ids from ``url``; fetched lazily, refreshed after ``ttl`` seconds."""

    def __init__(self, url: str, *, ttl: float, timeout: float = 5.0) -> None:
        self._ttl = ttl
        self._document = RemoteDocument(url, _session_ids, what="revoked sessions", timeout=timeout)

    async def revoked(self) -> frozenset[str]:
        """The revoked session ids, refreshed when older than the TTL."""
        document = self._document
        if document.value is None:
            await document.refresh(RETRY_WITHOUT_KEYS_SECONDS)
        elif document.age() >= self._ttl and not document.refreshing:
            await document.refresh(self._ttl)
        if document.value is None:
            raise RevocationsUnavailable(f"cannot fetch the revoked sessions from {document.url}")
        return document.value


def _session_ids(body: Any) -> frozenset[str]:
    revoked = body.get("revoked") if isinstance(body, dict) else None
    if not isinstance(revoked, list) or not all(isinstance(item, str) for item in revoked):
        raise ValueError("the revocation list must be {'revoked': [<string>, ...]}")
    return frozenset(revoked)
