"""Who a request counts against: the verified user, else the client address."""

from __future__ import annotations

from router.interfaces import Identity


def caller_key(identity: Identity | None, client_address: str | None) -> str:
    """``user:<subject>`` for a verified token, else ``client:<address>``."""
    if identity is not None:
        return f"user:{identity.subject}"
    return f"client:{client_address or 'unknown'}"
