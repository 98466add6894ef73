"""Settings of the users subgraph (``USERS_*``): tokens, sessions, the signing key, login
throttling."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from subgraphs.common.settings import SubgraphSettings

KEY_FILE_NAME = "users-jwt-ed25519.json"


class UsersSettings(SubgraphSettings):
    """``USERS_*`` variables, plus the shared ones.

    ``USERS_JWT_PRIVATE_KEY`` (a JSON JWK) wins over ``USERS_JWT_PRIVATE_KEY_FILE``.
    """

    model_config = SettingsConfigDict(env_prefix="USERS_")
    name: ClassVar[str] = "users"
    port: int = 4001
    mongodb_db: str = "users"

    # Access tokens are short-lived; a refresh token (rotated on every use) renews them.
    jwt_ttl_seconds: int = Field(default=300, ge=5)
    refresh_ttl_seconds: int = Field(default=14 * 24 * 3600, ge=60)
    jwt_private_key: SecretStr | None = None
    jwt_private_key_file: Path | None = None
    # Login throttling (subgraphs.users.throttle): so many free failures, then each further
    # one waits, from the first delay doubling up to the maximum; a counter starts afresh
    # after the window without failures. 0 turns that limit off.
    login_free_failures: int = Field(default=5, ge=0)  # per account and client address
    login_account_free_failures: int = Field(default=20, ge=0)  # per account, new clients
    login_client_free_failures: int = Field(default=50, ge=0)  # per client, all accounts
    login_first_delay_seconds: int = Field(default=2, ge=1)
    login_max_delay_seconds: int = Field(default=900, ge=1)
    login_failure_window_seconds: int = Field(default=900, ge=1)
    # A client that logged into an account is exempt from that account's counter this long.
    login_known_client_days: int = Field(default=90, ge=1)
    # Registrations per client address within the window (0: unlimited).
    registration_client_max: int = Field(default=10, ge=0)
    registration_window_seconds: int = Field(default=3600, ge=1)

    @property
    def private_key_path(self) -> Path:
        return self.jwt_private_key_file or self.data_dir / "keys" / KEY_FILE_NAME
