"""Settings of the users subgraph (``USERS_*``): token lifetime and the signing key."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from subgraphs.common.settings import SubgraphSettings, load_settings

KEY_FILE_NAME = "users-jwt-ed25519.json"


class UsersSettings(SubgraphSettings):
    """``USERS_JWT_PRIVATE_KEY`` (a JSON JWK) wins over ``USERS_JWT_PRIVATE_KEY_FILE``."""

    jwt_ttl_seconds: int = 3600
    jwt_private_key: SecretStr | None = None
    jwt_private_key_file: Path | None = None

    @property
    def private_key_path(self) -> Path:
        return self.jwt_private_key_file or self.data_dir / "keys" / KEY_FILE_NAME


def load_users_settings() -> UsersSettings:
    return load_settings("users", UsersSettings)
