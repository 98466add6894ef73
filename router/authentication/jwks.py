"""The token issuer's public keys (a JWK Set fetched over HTTP), cached with a TTL.

An unknown ``kid`` triggers a refetch (key rotation), at most once per
``refetch_interval`` so that forged ``kid`` values cannot make the router hammer the
issuer. When a refresh fails the previous keys keep being used; with no keys at all,
fetching is retried at most once a second.
"""

from __future__ import annotations

from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from router.authentication.remote_document import RemoteDocument

RETRY_WITHOUT_KEYS_SECONDS = 1.0


class KeysUnavailable(Exception):
    """The JWK Set cannot be fetched and no earlier copy is available."""


class JwksKeys:
    """Keys from ``url``; fetched lazily, refreshed after ``ttl`` seconds."""

    def __init__(
        self, url: str, *, ttl: float, refetch_interval: float, timeout: float = 5.0
    ) -> None:
        self._ttl = ttl
        self._refetch_interval = refetch_interval
        self._document = RemoteDocument(
            url, KeySet.import_key_set, what="token keys", timeout=timeout, invalid=(JoseError,)
        )

    async def current(self) -> KeySet:
        """The cached keys, refreshed when older than the TTL."""
        document = self._document
        if document.value is None:
            await document.refresh(min(RETRY_WITHOUT_KEYS_SECONDS, self._refetch_interval))
        elif document.age() >= self._ttl:
            await document.refresh(self._refetch_interval)
        if document.value is None:
            raise KeysUnavailable(f"cannot fetch the token keys from {document.url}")
        return document.value

    async def for_kid(self, kid: str) -> KeySet:
        """The keys, refetched first when ``kid`` is unknown (rate-limited)."""
        keys = await self.current()
        if kid not in _kids(keys):
            await self._document.refresh(self._refetch_interval)
            keys = self._document.value or keys
        return keys


def _kids(keys: KeySet) -> frozenset[str]:
    return frozenset(key.kid for key in keys.keys if key.kid)
