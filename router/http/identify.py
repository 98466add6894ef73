"""Who is calling: the verified bearer token, or anonymous."""

from __future__ import annotations

from collections.abc import Mapping

from plumbing.tokens import InvalidToken
from router.authentication.authenticator import Authenticator
from router.authentication.jwks import KeysUnavailable
from router.http.errors import HttpError
from router.interfaces import Identity

_WWW_AUTHENTICATE = ((b"www-authenticate", b'Bearer error="invalid_token"'),)
_RETRY_AFTER = ((b"retry-after", b"5"),)


async def identify(
    authenticator: Authenticator | None, headers: Mapping[str, str]
) -> Identity | None:
    """The verified caller (None: anonymous); 401 for a bad token, 503 without keys."""
    if authenticator is None:
        return None
    try:
        return await authenticator.identify(headers.get("authorization"))
    except InvalidToken as error:
        raise HttpError(
            401,
            f"Authentication failed: {error.message}",
            code="UNAUTHENTICATED",
            headers=_WWW_AUTHENTICATE,
        ) from None
    except KeysUnavailable:
        raise HttpError(
            503,
            "The token cannot be verified right now (its signing keys are unreachable); "
            "try again shortly.",
            code="UNAUTHENTICATED",
            headers=_RETRY_AFTER,
        ) from None
