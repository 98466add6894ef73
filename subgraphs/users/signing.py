"""The Ed25519 key that signs user tokens: loading, dev-only generation, issuing, JWKS."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from joserfc.jwk import OKPKey

from plumbing.keys import KeyFileError, create_private_key_file, parse_key
from plumbing.tokens import sign_token
from subgraphs.users.settings import UsersSettings

logger = logging.getLogger("subgraph.users.signing")


class SigningKeyError(KeyFileError):
    """The signing key is missing or unusable; the service must not start."""


def load_signing_key(settings: UsersSettings) -> OKPKey:
    """The configured private key; generated on first run outside production."""
    if settings.jwt_private_key is not None:
        return _parse_key(settings.jwt_private_key.get_secret_value(), "USERS_JWT_PRIVATE_KEY")
    path = settings.private_key_path
    if path.exists():
        return _parse_key(path.read_text(), str(path))
    if settings.app_env == "production":
        raise SigningKeyError(
            f"No JWT signing key: set USERS_JWT_PRIVATE_KEY or provide {path} "
            "(USERS_JWT_PRIVATE_KEY_FILE). Keys are never generated when APP_ENV=production."
        )
    return _generate_key_file(path, settings.app_env)


def _parse_key(text: str, source: str) -> OKPKey:
    try:
        return parse_key(text, source, private=True)
    except KeyFileError as error:
        raise SigningKeyError(str(error)) from None


def _generate_key_file(path: Path, app_env: str) -> OKPKey:
    """Write a new key with mode 0600; if another process won the race, use its key."""
    try:
        key, created = create_private_key_file(path)
    except KeyFileError as error:
        raise SigningKeyError(str(error)) from None
    if not created:
        return key
    logger.warning(
        "Generated a DEV JWT signing key at %s (APP_ENV=%s). Never use it in production: "
        "set USERS_JWT_PRIVATE_KEY or USERS_JWT_PRIVATE_KEY_FILE instead.",
        path,
        app_env,
    )
    return key


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


class TokenIssuer:
    """Signs access tokens and publishes the matching public keys."""

    def __init__(self, key: OKPKey, *, issuer: str, audience: str, ttl_seconds: int) -> None:
        self._key = key
        self._issuer = issuer
        self._audience = audience
        self._ttl = timedelta(seconds=ttl_seconds)

    @property
    def ttl(self) -> timedelta:
        """How long an access token is valid."""
        return self._ttl

    def issue(
        self, user_id: str, username: str, session_id: str, scope: str | None = None
    ) -> IssuedToken:
        """An access token of ``session_id`` (claim ``sid``), optionally narrowed to ``scope``."""
        issued_at = datetime.now(UTC).replace(microsecond=0)
        expires_at = issued_at + self._ttl
        claims: dict[str, Any] = {
            "sub": user_id,
            "username": username,
            "sid": session_id,
            "iss": self._issuer,
            "aud": self._audience,
            "iat": int(issued_at.timestamp()),
            "exp": int(expires_at.timestamp()),
        }
        if scope is not None:
            claims["scope"] = scope
        return IssuedToken(sign_token(claims, self._key), expires_at)

    def jwks(self) -> dict[str, Any]:
        """The public JWK Set served at ``/.well-known/jwks.json``."""
        return {"keys": [self._key.as_dict(private=False)]}
