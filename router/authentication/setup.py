"""Authentication and the internal credential, built from the router's settings."""

from __future__ import annotations

from plumbing.keys import read_key
from router.authentication.authenticator import Authenticator
from router.authentication.credentials import InternalCredentials
from router.authentication.jwks import JwksKeys
from router.authentication.revocations import RevocationList
from router.settings import RouterSettings


def authenticator_from_settings(settings: RouterSettings) -> Authenticator | None:
    """None when ``ROUTER_JWKS_URL`` is unset: the router then authenticates nobody.

    ``ROUTER_REVOCATION_URL`` adds the check against the issuer's revoked sessions.
    """
    if settings.jwks_url is None:
        return None
    keys = JwksKeys(
        settings.jwks_url,
        ttl=settings.jwks_cache_ttl,
        refetch_interval=settings.jwks_refetch_interval,
    )
    revocations = None
    if settings.revocation_url is not None:
        revocations = RevocationList(settings.revocation_url, ttl=settings.revocation_cache_ttl)
    return Authenticator(
        keys,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        cache_size=settings.token_cache_size,
        revocations=revocations,
        session_claim=settings.session_claim,
    )


def credentials_from_settings(settings: RouterSettings) -> InternalCredentials | None:
    """None when ``ROUTER_INTERNAL_KEY_FILE`` is unset: subgraph requests carry no credential.

    Raises :class:`plumbing.keys.KeyFileError` for an unusable key file.
    """
    if settings.internal_key_file is None:
        return None
    return InternalCredentials(
        read_key(settings.internal_key_file, private=True),
        issuer=settings.internal_issuer,
        audience=settings.internal_audience,
        ttl_seconds=settings.internal_ttl,
        cache_size=settings.token_cache_size,
        session_claim=settings.session_claim,
    )
