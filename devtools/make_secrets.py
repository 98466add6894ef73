"""Create the secrets docker-compose.yml reads, under ``./secrets/`` (git-ignored).

    python -m devtools.make_secrets [--dir secrets] [--force]

- ``users_jwt_private_key.json``: Ed25519 private JWK that signs user tokens (compose secret
  mounted at /run/secrets/users_jwt_private_key).
- ``router_internal_key.json``: Ed25519 private JWK the router signs its subgraph credentials
  with (compose secret of the router, /run/secrets/router_internal_key).
- ``router_public_key.json``: its public half, which the subgraphs verify (not secret; always
  rewritten from the private key so the two match).
- ``webapp.env``: ``DJANGO_SECRET_KEY=...`` (compose env_file of the web app).
- ``mongo_keyfile``: the key the MongoDB replica-set members authenticate each other with.
- ``<subgraph>_db_root_password``: the root password of that subgraph's MongoDB (set on its
  first start); ``<subgraph>_db_password``: the password of the subgraph's own database
  user (readWrite on its database only), read by the subgraph (``*_MONGODB_PASSWORD_FILE``).

Existing files are kept unless ``--force``: rotating the JWT key logs every user out.
The directory is private (0700); the files are 0644 so the container's non-root user can
read the bind-mounted copies.
"""

from __future__ import annotations

import argparse
import base64
import secrets
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from devtools.stack import SUBGRAPHS
from plumbing.keys import generate_key, private_jwk_text, public_jwk_text, read_key

PROJECT_ROOT = Path(__file__).resolve().parents[1]
JWT_KEY_FILE = "users_jwt_private_key.json"
ROUTER_KEY_FILE = "router_internal_key.json"
ROUTER_PUBLIC_KEY_FILE = "router_public_key.json"
WEBAPP_ENV_FILE = "webapp.env"
MONGO_KEY_FILE = "mongo_keyfile"


def private_key() -> str:
    return private_jwk_text(generate_key())


def webapp_env() -> str:
    return f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}\n"


def password() -> str:
    return secrets.token_urlsafe(32)


def mongo_key() -> str:
    """1008 base64 characters (MongoDB accepts 6 to 1024 of them)."""
    return base64.b64encode(secrets.token_bytes(756)).decode()


def database_password_files(owner: str) -> tuple[str, str]:
    """The root password file and the owner's own user's password file of its database (each
    subgraph's, and the router's)."""
    return f"{owner}_db_root_password", f"{owner}_db_password"


def _database_secrets() -> dict[str, tuple[str, Callable[[], str]]]:
    result: dict[str, tuple[str, Callable[[], str]]] = {}
    for owner in (*SUBGRAPHS, "router"):
        root, user = database_password_files(owner)
        result[root] = (f"root password of the {owner} database", password)
        result[user] = (f"password of the {owner}'s database user", password)
    return result


# File name -> (what it is, how to make it): the report names each file with its label.
GENERATORS: dict[str, tuple[str, Callable[[], str]]] = {
    JWT_KEY_FILE: ("Ed25519 key signing user tokens", private_key),
    ROUTER_KEY_FILE: ("Ed25519 key signing the router's subgraph credentials", private_key),
    WEBAPP_ENV_FILE: ("Django secret key of the web app", webapp_env),
    MONGO_KEY_FILE: ("MongoDB replica-set internal key", mongo_key),
    **_database_secrets(),
}


def make_secrets(directory: Path, *, force: bool = False) -> list[str]:
    """Write missing secret files; return a line per file saying what happened."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)
    report = []
    for name, (label, generate) in GENERATORS.items():
        path = directory / name
        if path.exists() and not force:
            report.append(f"kept      {path}  ({label})")
            continue
        path.write_text(generate())
        path.chmod(0o644)
        report.append(f"generated {path}  ({label})")
    public = directory / ROUTER_PUBLIC_KEY_FILE
    public.write_text(public_jwk_text(read_key(directory / ROUTER_KEY_FILE, private=True)))
    public.chmod(0o644)
    report.append(f"derived   {public} (public half of {ROUTER_KEY_FILE})")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=PROJECT_ROOT / "secrets")
    parser.add_argument("--force", action="store_true", help="replace existing secrets")
    args = parser.parse_args(argv)
    for line in make_secrets(args.dir, force=args.force):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
