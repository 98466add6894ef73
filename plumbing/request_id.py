"""The request id: the caller's ``x-request-id`` when well-formed, otherwise a new one.

It lives in a context variable for the request's duration, so every log line written while
the request is handled carries it (see ``plumbing.logs``).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from random import getrandbits
from typing import Final

REQUEST_ID_HEADER: Final = "x-request-id"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:\-]{1,128}")

current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def new_request_id() -> str:
    """128 random bits as 32 hex digits."""
    return f"{getrandbits(128):032x}"


def accept_request_id(candidate: str | None) -> str:
    """``candidate`` if it is ``[A-Za-z0-9._:-]{1,128}``, else a new id."""
    if candidate is not None and _WELL_FORMED.fullmatch(candidate) is not None:
        return candidate
    return new_request_id()
