"""Sign tokens the way the users subgraph (or an attacker) would, for the tests."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from joserfc import jwt
from joserfc.jwk import OKPKey

from plumbing.keys import generate_key


def users_dev_key(data_dir: Path) -> OKPKey:
    """The key the users subgraph generated in the test data directory."""
    text = (data_dir / "keys" / "users-jwt-ed25519.json").read_text()
    return OKPKey.import_key(json.loads(text))


def sign(key: OKPKey, *, kid: str | None = None, **overrides: Any) -> str:
    """A user token with valid claims unless overridden (``None`` drops a claim)."""
    now = int(time.time())
    claims = {
        "sub": "0" * 24,
        "username": "someone",
        "iss": "fedcal-users",
        "aud": "fedcal",
        "iat": now,
        "exp": now + 600,
        **overrides,
    }
    claims = {name: value for name, value in claims.items() if value is not None}
    header = {"alg": "Ed25519", "kid": kid or key.kid or "none"}
    return jwt.encode(header, claims, key, algorithms=["Ed25519"])


def other_key() -> OKPKey:
    return generate_key()


def expired(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"iat": now - 7200, "exp": now - 3600, **overrides}
