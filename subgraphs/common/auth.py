"""Only the router may call a subgraph: verify its credential; the viewer comes from its claims.

The router signs a short-lived JWT (``router.authentication.credentials``) for every request
it sends; a request without a valid one is refused before anything executes. The public key
comes from ``ROUTER_PUBLIC_KEY_FILE``; outside production a missing key pair is generated
under ``<DATA_DIR>/keys`` (dev only, like the users subgraph's signing key).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from joserfc.jwk import OKPKey

from plumbing.cache import ExpiringCache
from plumbing.keys import KeyFileError, ensure_key_pair, read_key
from plumbing.tokens import (
    InvalidToken,
    bearer_token,
    expires_at,
    scopes_of,
    verify_token,
)
from subgraphs.common.settings import SharedSettings

__all__ = [
    "READ_ONLY_SCOPE",
    "DirectCallRefused",
    "RouterCredentialVerifier",
    "Viewer",
    "load_router_public_key",
]

logger = logging.getLogger("subgraph.auth")

REFUSAL = "This subgraph accepts calls only through the router."
READ_ONLY_SCOPE = "feed:read"  # a token with this scope may read, never write


@dataclass(frozen=True)
class Viewer:
    """The authenticated caller, as stated by the router's credential."""

    user_id: str
    username: str
    scopes: frozenset[str] = frozenset()
    session_id: str | None = None  # the session of the caller's token (``sid``)

    @property
    def read_only(self) -> bool:
        """A feed key's token: queries only (``subgraphs.common.read_only``)."""
        return READ_ONLY_SCOPE in self.scopes


class DirectCallRefused(Exception):
    """The request carries no valid router credential; ``message`` is for the client."""

    def __init__(self, detail: str) -> None:
        self.message = f"{REFUSAL} {detail}"
        super().__init__(self.message)


@dataclass(frozen=True, slots=True)
class _Verified:
    viewer: Viewer | None  # None: the router called on behalf of an anonymous client


class RouterCredentialVerifier:
    """Checks the router's signature, ``exp``, ``iss`` and ``aud``; caches verified tokens."""

    def __init__(
        self, public_key: OKPKey, *, issuer: str, audience: str, cache_size: int = 10_000
    ) -> None:
        self._key = public_key
        self._issuer = issuer
        self._audience = audience
        self._verified: ExpiringCache[str, _Verified] = ExpiringCache(cache_size)

    def viewer_of(self, authorization: str | None) -> Viewer | None:
        """The viewer of a request with this ``Authorization`` header (None: anonymous).

        Raises :class:`DirectCallRefused` unless it is ``Bearer <valid router credential>``.
        """
        try:
            token = bearer_token(authorization)
        except InvalidToken as error:
            raise DirectCallRefused(error.message) from None
        if token is None:
            raise DirectCallRefused("No router credential was sent.")
        verified = self._verified.get(token)
        if verified is None:
            try:
                claims = verify_token(
                    token,
                    self._key,
                    issuer=self._issuer,
                    audience=self._audience,
                    require_subject=False,
                )
            except InvalidToken as error:
                raise DirectCallRefused(f"Router credential refused: {error.message}") from None
            verified = _Verified(_viewer(claims))
            self._verified.put(token, verified, expires_at(claims))
        return verified.viewer


def _viewer(claims: Mapping[str, Any]) -> Viewer | None:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        return None
    username = claims.get("username")
    session = claims.get("sid")
    return Viewer(
        subject,
        username if isinstance(username, str) else "",
        scopes_of(claims),
        session if isinstance(session, str) else None,
    )


def load_router_public_key(settings: SharedSettings) -> OKPKey:
    """The router's public key; a dev key pair is generated when none is configured.

    Raises :class:`KeyFileError` in production (or when ``ROUTER_PUBLIC_KEY_FILE`` names a
    missing file): a subgraph must not start without the key that admits the router.
    """
    path = settings.router_public_key_path
    if not path.exists():
        if settings.router_public_key_file is not None or settings.app_env == "production":
            raise KeyFileError(
                f"No router public key at {path}: set ROUTER_PUBLIC_KEY_FILE to the router's "
                "public JWK (keys are never generated when APP_ENV=production)."
            )
        if ensure_key_pair(settings.dev_router_private_key_path, path):
            logger.warning(
                "Generated a DEV router key pair (%s, %s). Never use it in production: give "
                "the router ROUTER_INTERNAL_KEY_FILE and the subgraphs ROUTER_PUBLIC_KEY_FILE.",
                settings.dev_router_private_key_path,
                path,
            )
    return read_key(path, private=False)
