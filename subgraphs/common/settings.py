"""Subgraph settings read from the environment.

Settings every service shares (``APP_ENV``, ``ROUTER_PUBLIC_KEY_FILE``…) have no prefix. Each
subgraph subclasses :class:`SubgraphSettings` with its own ``env_prefix`` (``EVENTS_`` reads
``EVENTS_MONGODB_URI``), its name, port and database.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from subgraphs.common.changes import ChangeOptions

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ROUTER_PUBLIC_KEY_NAME = "router-internal-ed25519.public.json"
ROUTER_PRIVATE_KEY_NAME = "router-internal-ed25519.json"  # dev only: the router's key


class SharedSettings(BaseSettings):
    """Settings every service reads without a prefix."""

    model_config = SettingsConfigDict(extra="ignore", validate_by_name=True)

    # An alias is read as is: a subclass's env_prefix does not apply to these.
    app_env: Literal["development", "production", "test"] = Field(
        default="development", validation_alias="APP_ENV"
    )
    # LOG_FORMAT=json|text is read by plumbing.logs.
    log_level: str = Field(default="INFO", validation_alias="LOG_LEVEL")
    jwt_issuer: str = Field(default="fedcal-users", validation_alias="JWT_ISSUER")
    jwt_audience: str = Field(default="fedcal", validation_alias="JWT_AUDIENCE")
    data_dir: Path = Field(default=PROJECT_ROOT / ".data", validation_alias="DATA_DIR")
    # The router's credential: its public JWK, and the claims it must carry.
    router_public_key_file: Path | None = Field(
        default=None, validation_alias="ROUTER_PUBLIC_KEY_FILE"
    )
    router_internal_issuer: str = Field(
        default="fedcal-router", validation_alias="ROUTER_INTERNAL_ISSUER"
    )
    router_internal_audience: str = Field(
        default="fedcal-subgraphs", validation_alias="ROUTER_INTERNAL_AUDIENCE"
    )

    @property
    def router_public_key_path(self) -> Path:
        """``ROUTER_PUBLIC_KEY_FILE``, else the dev key pair's public half under ``keys/``."""
        return self.router_public_key_file or self.data_dir / "keys" / ROUTER_PUBLIC_KEY_NAME

    @property
    def dev_router_private_key_path(self) -> Path:
        """Where a dev key pair keeps the router's private half (never in production)."""
        return self.data_dir / "keys" / ROUTER_PRIVATE_KEY_NAME


class SubgraphSettings(SharedSettings):
    """One subgraph's settings; its subclass sets ``env_prefix``, ``name``, port and database."""

    name: ClassVar[str]
    host: str = "127.0.0.1"
    port: int
    mongodb_uri: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongodb_db: str
    mongodb_timeout_ms: int = 3000
    # MongoDB with authentication (docker-compose.yml): the subgraph's own database user, its
    # password read from a file (a compose secret), never from the URI or the environment.
    mongodb_username: str | None = None
    mongodb_password_file: Path | None = None
    # The change feed (subgraphs.common.changes): ``auto`` follows a change stream where the
    # database has them (a replica set), else polls; ``poll`` / ``watch`` force one.
    changes_mode: Literal["auto", "poll", "watch"] = "auto"
    changes_poll_seconds: float = Field(default=0.25, gt=0)
    changes_grace_seconds: float = Field(default=5.0, gt=0)
    changes_retention_hours: float = Field(default=24.0, gt=0)

    def change_options(self) -> ChangeOptions:
        return ChangeOptions(
            mode=self.changes_mode,
            poll_interval=self.changes_poll_seconds,
            grace=self.changes_grace_seconds,
            retention=timedelta(hours=self.changes_retention_hours),
        )

    def mongodb_credentials(self) -> tuple[str, str] | None:
        """(username, password) when a database user is configured; ``ValueError`` if half."""
        if self.mongodb_username is None and self.mongodb_password_file is None:
            return None
        if self.mongodb_username is None or self.mongodb_password_file is None:
            raise ValueError("set both *_MONGODB_USERNAME and *_MONGODB_PASSWORD_FILE")
        return self.mongodb_username, self.mongodb_password_file.read_text().strip()
