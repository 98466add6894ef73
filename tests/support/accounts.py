"""Test accounts: the register and login operations every suite sends, and their variables."""

from __future__ import annotations

import uuid
from typing import Any

PASSWORD = "correct horse battery"
REGISTER = "mutation Register($input: RegisterInput!) { register(input: $input) { id username } }"
LOGIN = (
    "mutation Login($username: String!, $password: String!) "
    "{ login(username: $username, password: $password) { token expiresAt user { id } } }"
)


def unique_username(prefix: str = "u") -> str:
    """A username no other test has taken."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def registration(username: str, display_name: str = "Test User") -> dict[str, Any]:
    """The variables of :data:`REGISTER` for a new account with :data:`PASSWORD`."""
    return {
        "input": {
            "username": username,
            "email": f"{username}@example.org",
            "password": PASSWORD,
            "displayName": display_name,
        }
    }


def credentials(username: str, password: str = PASSWORD) -> dict[str, str]:
    """The variables of :data:`LOGIN`."""
    return {"username": username, "password": password}
