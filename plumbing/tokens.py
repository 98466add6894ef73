"""Bearer tokens: reading the header, signing a JWT, and verifying its signature and claims."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from joserfc import jws, jwt
from joserfc.errors import (
    DecodeError,
    ExpiredTokenError,
    InvalidPayloadError,
    JoseError,
    UnsupportedAlgorithmError,
)
from joserfc.jwk import KeySet, OKPKey

from plumbing.keys import ALGORITHM, ALGORITHMS


class InvalidToken(Exception):
    """The token cannot be trusted; ``message`` says why, for the client."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def bearer_token(authorization: str | None) -> str | None:
    """The token of ``Authorization: Bearer <token>``; None when the header is absent/empty.

    Raises :class:`InvalidToken` for another scheme or a ``Bearer`` without a token.
    """
    if authorization is None or not authorization.strip():
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise InvalidToken("The Authorization header must be 'Bearer <token>'.")
    token = token.strip()
    if not token:
        raise InvalidToken("The Authorization header has no token after 'Bearer'.")
    return token


def sign_token(claims: dict[str, Any], key: OKPKey) -> str:
    """A compact JWT of ``claims`` signed with ``key`` (Ed25519; the header names its ``kid``)."""
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": key.kid}
    return jwt.encode(header, claims, key, algorithms=ALGORITHMS)


def token_kid(token: str) -> str | None:
    """The ``kid`` of a compact JWS, read without verifying anything."""
    try:
        kid = jws.extract_compact(token.encode()).headers().get("kid")
    except (JoseError, ValueError) as error:
        raise InvalidToken("The token is malformed.") from error
    return kid if isinstance(kid, str) else None


def verify_token(
    token: str,
    key: KeySet | OKPKey,
    *,
    issuer: str,
    audience: str,
    require_subject: bool,
) -> Mapping[str, Any]:
    """The claims of a token signed by ``key`` (Ed25519 only), unexpired, for ``audience``."""
    try:
        decoded = jwt.decode(token, key, algorithms=ALGORITHMS)
    except (DecodeError, InvalidPayloadError, ValueError) as error:
        raise InvalidToken("The token is malformed.") from error
    except UnsupportedAlgorithmError as error:
        raise InvalidToken(f"The token must be signed with {ALGORITHMS[0]}.") from error
    except JoseError as error:
        raise InvalidToken("The token's signature is invalid or its key is unknown.") from error
    registry = jwt.JWTClaimsRegistry(
        exp={"essential": True},
        sub={"essential": require_subject},
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": audience},
    )
    try:
        registry.validate(decoded.claims)
    except ExpiredTokenError as error:
        raise InvalidToken("The token has expired.") from error
    except (JoseError, ValueError) as error:
        raise InvalidToken("The token was not issued for this service.") from error
    return decoded.claims


def expires_at(claims: Mapping[str, Any]) -> float:
    """The ``exp`` claim (validated to be a number by :func:`verify_token`)."""
    return float(claims["exp"])


def scopes_of(claims: Mapping[str, Any]) -> frozenset[str]:
    """The space-separated ``scope`` claim as a set."""
    scope = claims.get("scope")
    return frozenset(scope.split()) if isinstance(scope, str) else frozenset()
