"""Ed25519 JWK files: parsing, reading, and race-safe creation of new (dev-only) keys."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

ALGORITHM = "Ed25519"  # RFC 9864 name of EdDSA over Ed25519
ALGORITHMS = [ALGORITHM]


class KeyFileError(RuntimeError):
    """A key is missing or unusable; the service must not start."""


def generate_key() -> OKPKey:
    """A new Ed25519 signing key with a ``kid`` (its RFC 7638 thumbprint)."""
    key = OKPKey.generate_key("Ed25519", parameters={"use": "sig", "alg": ALGORITHM})
    key.ensure_kid()
    return key


def private_jwk_text(key: OKPKey) -> str:
    return json.dumps(key.as_dict(private=True)) + "\n"


def public_jwk_text(key: OKPKey) -> str:
    return json.dumps(key.as_dict(private=False)) + "\n"


def parse_key(text: str, source: str, *, private: bool) -> OKPKey:
    """An Ed25519 JWK from JSON text: with ``d`` when ``private``, without it otherwise."""
    kind = "private" if private else "public"
    try:
        key = OKPKey.import_key(json.loads(text))
    except (ValueError, JoseError) as error:
        raise KeyFileError(f"{source} is not a valid Ed25519 {kind} JWK.") from error
    if key.curve_name != "Ed25519":
        raise KeyFileError(f"{source} must be an Ed25519 {kind} JWK (crv Ed25519).")
    if private and not key.is_private:
        raise KeyFileError(f"{source} must be an Ed25519 private JWK (with 'd').")
    if not private and key.is_private:
        raise KeyFileError(f"{source} holds a private key; give this service the public JWK only.")
    key.ensure_kid()
    return key


def read_key(path: Path, *, private: bool) -> OKPKey:
    try:
        text = path.read_text()
    except OSError as error:
        raise KeyFileError(f"Cannot read the key file {path}: {error.strerror}.") from error
    return parse_key(text, str(path), private=private)


def create_private_key_file(path: Path) -> tuple[OKPKey, bool]:
    """Write a new key (mode 0600) unless ``path`` exists; return the key and if it is new.

    Safe when several processes race: the file appears atomically and the loser uses it.
    """
    key = generate_key()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # created with mode 0600
    try:
        with os.fdopen(fd, "w") as file:
            file.write(private_jwk_text(key))
        os.link(temporary, path)  # atomic, fails if the key file appeared meanwhile
    except FileExistsError:
        return read_key(path, private=True), False
    finally:
        os.unlink(temporary)
    return key, True


def ensure_key_pair(private_path: Path, public_path: Path) -> bool:
    """Make sure both files exist and match; return True when a new key was generated."""
    if private_path.exists():
        key, created = read_key(private_path, private=True), False
    else:
        key, created = create_private_key_file(private_path)
    public_text = public_jwk_text(key)
    if created or not public_path.exists() or public_path.read_text() != public_text:
        public_path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=public_path.parent, prefix=".pub-")
        with os.fdopen(fd, "w") as file:
            file.write(public_text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, public_path)  # same content whoever writes last
    return created
