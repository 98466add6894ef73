"""``Authorization: Bearer <jwt>`` → the caller's :class:`Identity` (or anonymous)."""

from __future__ import annotations

from types import MappingProxyType

from plumbing.cache import ExpiringCache
from plumbing.tokens import (
    InvalidToken,
    bearer_token,
    expires_at,
    scopes_of,
    token_kid,
    verify_token,
)
from router.authentication.jwks import JwksKeys
from router.authentication.revocations import RevocationList
from router.interfaces import Identity

NO_SESSION = "The token names no session; log in again."
REVOKED = "The token's session has been revoked (logged out or account removed); log in again."


class Authenticator:
    """Verifies user tokens against the issuer's JWKS; a verified token is cached until ``exp``.

    With ``revocations``, every request also checks the token's ``session_claim`` against
    the issuer's revocation list (a token without that claim is refused).

    Raises :class:`plumbing.tokens.InvalidToken` for a token that cannot be
    trusted and :class:`router.authentication.jwks.KeysUnavailable` when the keys (or the
    revocation list) cannot be fetched.
    """

    def __init__(
        self,
        keys: JwksKeys,
        *,
        issuer: str,
        audience: str,
        cache_size: int,
        revocations: RevocationList | None = None,
        session_claim: str = "sid",
    ) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._verified: ExpiringCache[str, Identity] = ExpiringCache(cache_size)
        self._revocations = revocations
        self._session_claim = session_claim

    async def identify(self, authorization: str | None) -> Identity | None:
        """The caller of a request with this ``Authorization`` header; None when anonymous."""
        token = bearer_token(authorization)
        if token is None:
            return None
        identity = self._verified.get(token)
        if identity is None:
            identity = await self._verify(token)
        if self._revocations is not None:
            session = identity.claims.get(self._session_claim)
            if not isinstance(session, str):
                raise InvalidToken(NO_SESSION)
            if session in await self._revocations.revoked():
                raise InvalidToken(REVOKED)
        return identity

    async def _verify(self, token: str) -> Identity:
        kid = token_kid(token)
        keys = await (self._keys.for_kid(kid) if kid is not None else self._keys.current())
        claims = verify_token(
            token, keys, issuer=self._issuer, audience=self._audience, require_subject=True
        )
        identity = Identity(str(claims["sub"]), scopes_of(claims), MappingProxyType(dict(claims)))
        self._verified.put(token, identity, expires_at(claims))
        return identity
