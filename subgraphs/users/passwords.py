"""Argon2id password hashing, run off the event loop (hashing is deliberately slow)."""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with argon2-cffi's RFC 9106 defaults


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or corrupt hash."""
    try:
        return await asyncio.to_thread(_hasher.verify, password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@cache
def _decoy_hash() -> str:
    return _hasher.hash("decoy password, never matches a real login")


async def spend_verification_time(password: str) -> None:
    """Verify against a decoy hash so unknown usernames take as long as wrong passwords."""
    await verify_password(await asyncio.to_thread(_decoy_hash), password)
