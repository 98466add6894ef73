"""Per-subgraph settings read from the environment.

Each subgraph reads variables with its own prefix, e.g. ``EVENTS_MONGODB_URI``;
settings every service shares (``APP_ENV``, ``ROUTER_PUBLIC_KEY_FILE``) have no prefix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ROUTER_PUBLIC_KEY_NAME = "router-internal-ed25519.public.json"
ROUTER_PRIVATE_KEY_NAME = "router-internal-ed25519.json"  # dev only: the router's key

DEFAULT_PORTS = {
    "users": 4001,
    "events": 4002,
    "invitations": 4003,
    "participations": 4004,
    "calendars": 4005,
}


class SharedSettings(BaseSettings):
    """Settings every service reads without a prefix."""

    model_config = SettingsConfigDict(extra="ignore")

    app_env: Literal["development", "production", "test"] = "development"
    log_level: str = "INFO"  # LOG_LEVEL; LOG_FORMAT=json|text (plumbing.logs)
    jwt_issuer: str = "fedcal-users"
    jwt_audience: str = "fedcal"
    data_dir: Path = PROJECT_ROOT / ".data"
    # The router's credential: its public JWK, and the claims it must carry.
    router_public_key_file: Path | None = None
    router_internal_issuer: str = "fedcal-router"
    router_internal_audience: str = "fedcal-subgraphs"

    @property
    def router_public_key_path(self) -> Path:
        """``ROUTER_PUBLIC_KEY_FILE``, else the dev key pair's public half under ``keys/``."""
        return self.router_public_key_file or self.data_dir / "keys" / ROUTER_PUBLIC_KEY_NAME

    @property
    def dev_router_private_key_path(self) -> Path:
        """Where a dev key pair keeps the router's private half (never in production)."""
        return self.data_dir / "keys" / ROUTER_PRIVATE_KEY_NAME


class SubgraphSettings(SharedSettings):
    """Settings of one subgraph; ``name`` picks the env prefix and defaults."""

    name: str = Field(default="", exclude=True)
    host: str = "127.0.0.1"
    port: int = 0
    mongodb_uri: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongodb_db: str = ""
    mongodb_timeout_ms: int = 3000


def load_settings[T: SubgraphSettings](
    name: str,
    settings_type: type[T] = SubgraphSettings,  # type: ignore[assignment]
) -> T:
    """Read ``<NAME>_*`` variables (plus shared ones) for the subgraph ``name``.

    A subgraph with settings of its own passes a subclass of :class:`SubgraphSettings`
    as ``settings_type``; its extra fields are read with the same prefix.
    """
    prefix = f"{name.upper()}_"

    class _Prefixed(settings_type):  # type: ignore[valid-type,misc]
        model_config = SettingsConfigDict(env_prefix=prefix, extra="ignore")

    shared = SharedSettings()
    prefixed = _Prefixed()
    values = prefixed.model_dump()
    values.update(
        name=name,
        app_env=shared.app_env,
        log_level=shared.log_level,
        jwt_issuer=shared.jwt_issuer,
        jwt_audience=shared.jwt_audience,
        data_dir=shared.data_dir,
        router_public_key_file=shared.router_public_key_file,
        router_internal_issuer=shared.router_internal_issuer,
        router_internal_audience=shared.router_internal_audience,
        port=prefixed.port or DEFAULT_PORTS.get(name, 0),
        mongodb_db=prefixed.mongodb_db or name,
    )
    return settings_type.model_construct(**values)
