"""What a new password must be: 8 to 128 characters and hard to guess.

Guessability is zxcvbn's estimate (Dropbox's model, maintained on PyPI as ``zxcvbn``): it
knows the common and leaked passwords, keyboard walks, dates, l33t substitutions, and the
account's own username, email and display name. A score below ``MIN_SCORE`` (3: "safely
unguessable", about 10^8 guesses, offline attacks on a slow hash) is refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from zxcvbn import zxcvbn

from subgraphs.common.errors import BadUserInput

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
MIN_SCORE = 3
FIELD = "password"


async def checked_password(password: str, *, related: Sequence[str]) -> str:
    """``password`` when acceptable; BAD_USER_INPUT (field ``password``) saying why not.

    ``related`` are the account's other inputs (username, email, display name): a password
    built from them is easy to guess. The estimate runs off the event loop.
    """
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise BadUserInput(
            FIELD,
            f"password must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long.",
        )
    estimate = await asyncio.to_thread(zxcvbn, password, user_inputs=[*related])
    if estimate["score"] < MIN_SCORE:
        raise BadUserInput(FIELD, _weak_message(estimate["feedback"]))
    return password


def _weak_message(feedback: dict[str, object]) -> str:
    """One sentence of why and one of what to do, from zxcvbn's feedback."""
    warning = str(feedback.get("warning") or "").strip()
    suggestions = feedback.get("suggestions")
    tip = str(suggestions[0]).strip() if isinstance(suggestions, list) and suggestions else ""
    parts = ["password is too easy to guess.", warning, tip or "Use a longer passphrase."]
    return " ".join(part for part in parts if part)
