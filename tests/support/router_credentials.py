"""Play the router towards subgraphs that tests call directly.

Subgraphs accept only requests signed by the router's key. Every test process makes one
Ed25519 key pair (files in a temporary directory, removed at exit): subgraphs started by the
harness get the public half (``ROUTER_PUBLIC_KEY_FILE``), routers the private half
(``ROUTER_INTERNAL_KEY_FILE``). ``router_headers`` turns a user token into what the router
would send: the token is verified against the users subgraph's JWKS like the router does,
and a valid one becomes a credential for its caller.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from types import MappingProxyType

import httpx
from joserfc.jwk import KeySet, OKPKey

from plumbing.keys import generate_key, private_jwk_text, public_jwk_text
from plumbing.tokens import InvalidToken, scopes_of, token_kid, verify_token
from router.authentication.credentials import InternalCredentials
from router.interfaces import Identity

ROUTER_ISSUER = "fedcal-router"
ROUTER_AUDIENCE = "fedcal-subgraphs"
USER_TOKEN_ISSUER = "fedcal-users"
USER_TOKEN_AUDIENCE = "fedcal"

ROUTER_KEY: OKPKey = generate_key()
_KEY_DIR = Path(tempfile.mkdtemp(prefix="fedcal-test-router-key-"))
atexit.register(shutil.rmtree, _KEY_DIR, ignore_errors=True)
PRIVATE_KEY_FILE = _KEY_DIR / "router-internal.json"
PUBLIC_KEY_FILE = _KEY_DIR / "router-internal.public.json"
PRIVATE_KEY_FILE.write_text(private_jwk_text(ROUTER_KEY))
PUBLIC_KEY_FILE.write_text(public_jwk_text(ROUTER_KEY))

SUBGRAPH_ENV = {"ROUTER_PUBLIC_KEY_FILE": str(PUBLIC_KEY_FILE)}
ROUTER_ENV = {
    "ROUTER_INTERNAL_KEY_FILE": str(PRIVATE_KEY_FILE),
    "ROUTER_INTERNAL_ISSUER": ROUTER_ISSUER,
    "ROUTER_INTERNAL_AUDIENCE": ROUTER_AUDIENCE,
}

_signer = InternalCredentials(ROUTER_KEY, issuer=ROUTER_ISSUER, audience=ROUTER_AUDIENCE)
_jwks: dict[str, KeySet] = {}


def credential(identity: Identity | None = None) -> str:
    """A valid router credential for ``identity`` (None: an anonymous client)."""
    return _signer.for_caller(identity)


def user_identity(token: str, jwks_url: str) -> Identity:
    """The caller of a user token, verified as the router does (raises ``InvalidToken``)."""
    kid = token_kid(token)
    keys = _jwks.get(jwks_url)
    if keys is None or (kid is not None and kid not in {key.kid for key in keys.keys}):
        keys = _jwks[jwks_url] = KeySet.import_key_set(httpx.get(jwks_url, timeout=30.0).json())
    claims = verify_token(
        token, keys, issuer=USER_TOKEN_ISSUER, audience=USER_TOKEN_AUDIENCE, require_subject=True
    )
    return Identity(str(claims["sub"]), scopes_of(claims), MappingProxyType(dict(claims)))


def router_headers(token: str | None, jwks_url: str | None) -> dict[str, str]:
    """Headers of the router's call on behalf of a client sending ``token`` (None: anonymous).

    A token the router would refuse (401) yields no credential: the subgraph refuses too.
    """
    if token is None:
        return {"Authorization": f"Bearer {credential()}"}
    if jwks_url is None:
        raise ValueError("a user token needs the users subgraph's JWKS URL to be verified")
    try:
        identity = user_identity(token, jwks_url)
    except InvalidToken:
        return {}
    return {"Authorization": f"Bearer {credential(identity)}"}
