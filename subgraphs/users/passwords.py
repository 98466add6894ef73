"""Argon2id password hashing, run off the event loop (hashing is deliberately slow).

Each hash keeps ``parallelism`` threads busy; at most as many hashes run at once as the CPUs
can take, so a burst of logins queues instead of starving the event loop (every other query
of this subgraph) and making every login slow at once. A login that waits more than
``MAX_QUEUE_SECONDS`` for its turn is refused (RATE_LIMITED, retry shortly) instead of hashed
for a caller that may have given up: that work would keep the queue full for good.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from subgraphs.common.errors import RateLimited

_hasher = PasswordHasher()  # argon2id with argon2-cffi's RFC 9106 defaults
_hashing_slots = asyncio.Semaphore(max(1, (os.cpu_count() or 1) // _hasher.parallelism))
MAX_QUEUE_SECONDS = 5.0  # the router gives a subgraph 10 s
BUSY_RETRY_AFTER_SECONDS = 5


async def _off_loop[**P, R](work: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    try:
        async with asyncio.timeout(MAX_QUEUE_SECONDS):
            await _hashing_slots.acquire()
    except TimeoutError:
        raise RateLimited(
            "Too many logins at once. Try again in a few seconds.",
            retryAfter=BUSY_RETRY_AFTER_SECONDS,
        ) from None
    try:
        return await asyncio.to_thread(work, *args, **kwargs)
    finally:
        _hashing_slots.release()


async def hash_password(password: str) -> str:
    return await _off_loop(_hasher.hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or corrupt hash."""
    try:
        return await _off_loop(_hasher.verify, password_hash, password)
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
