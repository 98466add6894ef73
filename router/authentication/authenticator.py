"""``Authorization: Bearer <jwt>`` → the caller's :class:`Identity` (or anonymous)."""

from __future__ import annotations

from types import MappingProxyType

from plumbing.cache import ExpiringCache
from plumbing.tokens import (
    bearer_token,
    expires_at,
    scopes_of,
    token_kid,
    verify_token,
)
from router.authentication.jwks import JwksKeys
from router.interfaces import Identity


class Authenticator:
    """Verifies user tokens against the issuer's JWKS; a verified token is cached until ``exp``.

    Raises :class:`plumbing.tokens.InvalidToken` for a token that cannot be
    trusted and :class:`router.authentication.jwks.KeysUnavailable` when the keys cannot be
    fetched.
    """

    def __init__(self, keys: JwksKeys, *, issuer: str, audience: str, cache_size: int) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._verified: ExpiringCache[str, Identity] = ExpiringCache(cache_size)

    async def identify(self, authorization: str | None) -> Identity | None:
        """The caller of a request with this ``Authorization`` header; None when anonymous."""
        token = bearer_token(authorization)
        if token is None:
            return None
        identity = self._verified.get(token)
        if identity is not None:
            return identity
        kid = token_kid(token)
        keys = await (self._keys.for_kid(kid) if kid is not None else self._keys.current())
        claims = verify_token(
            token, keys, issuer=self._issuer, audience=self._audience, require_subject=True
        )
        identity = Identity(str(claims["sub"]), scopes_of(claims), MappingProxyType(dict(claims)))
        self._verified.put(token, identity, expires_at(claims))
        return identity
