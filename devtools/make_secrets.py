"""Create the secrets docker-compose.yml reads, under ``./secrets/`` (git-ignored).

    python -m devtools.make_secrets [--dir secrets] [--force]

- ``users_jwt_private_key.json``: Ed25519 private JWK that signs user tokens (compose secret
  mounted at /run/secrets/users_jwt_private_key).
- ``router_internal_key.json``: Ed25519 private JWK the router signs its subgraph credentials
  with (compose secret of the router, /run/secrets/router_internal_key).
- ``router_public_key.json``: its public half, which the subgraphs verify (not secret; always
  rewritten from the private key so the two match).
- ``webapp.env``: ``DJANGO_SECRET_KEY=...`` (compose env_file of the web app).

Existing files are kept unless ``--force``: rotating the JWT key logs every user out.
The directory is private (0700); the files are 0644 so the container's non-root user can
read the bind-mounted copies.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from plumbing.keys import generate_key, private_jwk_text, public_jwk_text, read_key

PROJECT_ROOT = Path(__file__).resolve().parents[1]
JWT_KEY_FILE = "users_jwt_private_key.json"
ROUTER_KEY_FILE = "router_internal_key.json"
ROUTER_PUBLIC_KEY_FILE = "router_public_key.json"
WEBAPP_ENV_FILE = "webapp.env"


def private_key() -> str:
    return private_jwk_text(generate_key())


def webapp_env() -> str:
    return f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}\n"


GENERATORS: dict[str, Callable[[], str]] = {
    JWT_KEY_FILE: private_key,
    ROUTER_KEY_FILE: private_key,
    WEBAPP_ENV_FILE: webapp_env,
}


def make_secrets(directory: Path, *, force: bool = False) -> list[str]:
    """Write missing secret files; return a line per file saying what happened."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)
    report = []
    for name, generate in GENERATORS.items():
        path = directory / name
        if path.exists() and not force:
            report.append(f"kept      {path}")
            continue
        path.write_text(generate())
        path.chmod(0o644)
        report.append(f"generated {path}")
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
