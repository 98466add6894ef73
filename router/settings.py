"""Router configuration from the environment (``ROUTER_*``), read once at startup.

Profiles: ``ROUTER_ENV=development`` (default) enables the query-plan explain header and
GraphiQL; ``ROUTER_ENV=production`` turns both off unless set explicitly.
Authentication is off unless ``ROUTER_JWKS_URL`` is set, and subgraph requests carry no
router credential unless ``ROUTER_INTERNAL_KEY_FILE`` is set (see ``router/authentication``).
Per-subgraph overrides are ``ROUTER_SUBGRAPH_<NAME>_URL`` and ``ROUTER_SUBGRAPH_<NAME>_TIMEOUT``
where ``<NAME>`` is the join__graph name upper-cased (non-alphanumerics become ``_``).
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

CommaSeparated = Annotated[tuple[str, ...], NoDecode]


class RouterSettings(BaseSettings):
    """Every knob of the router; environment variables are ``ROUTER_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="ROUTER_", extra="ignore", frozen=True)

    env: Literal["development", "production"] = "development"
    supergraph: Path = Path("supergraph.graphql")
    host: str = "127.0.0.1"
    port: int = Field(default=4000, ge=0, le=65535)
    workers: int = Field(default=1, ge=1)
    log_level: str = "info"
    access_log: bool = True  # one structured line per /graphql request (router.access)
    metrics: bool = True  # Prometheus text exposition at GET /metrics

    graphql_path: str = "/graphql"
    graphiql: bool | None = None
    allow_explain: bool | None = None
    explain_header: str = "x-query-plan"
    plan_cache_size: int = Field(default=1000, ge=1)

    csrf_prevention: bool = True
    csrf_preflight_headers: CommaSeparated = (
        "x-apollo-operation-name",
        "apollo-require-preflight",
        "graphql-preflight",
    )

    max_body_bytes: int = Field(default=1_048_576, ge=1)
    max_document_bytes: int = Field(default=65_536, ge=1)
    max_tokens: int = Field(default=15_000, ge=1)
    max_depth: int = Field(default=15, ge=1)
    max_aliases: int = Field(default=30, ge=0)
    max_root_fields: int = Field(default=30, ge=1)

    subgraph_timeout: float = Field(default=10.0, gt=0)
    subgraph_pool_size: int = Field(default=512, ge=1)
    forward_headers: CommaSeparated = ("x-request-id",)

    # Authentication (router/authentication): off unless jwks_url is set.
    jwks_url: str | None = None
    jwt_issuer: str = "fedcal-users"
    jwt_audience: str = "fedcal"
    jwks_cache_ttl: float = Field(default=300.0, gt=0)
    jwks_refetch_interval: float = Field(default=10.0, ge=0)
    token_cache_size: int = Field(default=10_000, ge=1)
    # Revoked sessions (router/authentication/revocations.py): off unless revocation_url is
    # set; then a token's session_claim must not be listed. A revocation takes effect within
    # revocation_cache_ttl seconds.
    revocation_url: str | None = None
    revocation_cache_ttl: float = Field(default=5.0, gt=0)
    session_claim: str = "sid"
    # The credential sent to subgraphs: off unless internal_key_file is set.
    internal_key_file: Path | None = None
    internal_issuer: str = "fedcal-router"
    internal_audience: str = "fedcal-subgraphs"
    internal_ttl: int = Field(default=300, ge=120)

    # Peers (addresses or CIDR networks) whose X-Forwarded-For names the real client, e.g.
    # the web app; anyone else's X-Forwarded-For is ignored.
    trusted_proxies: CommaSeparated = ()
    rules: str | None = None  # "package.module:RULES": named cross-service rules to apply

    # The router's own database (router/state): off unless mongodb_uri is set. With it, the
    # rules' durable writes are recorded as intents and finished by the reconciler.
    mongodb_uri: str | None = None
    mongodb_db: str = "router"
    # Seconds an intent and its key stay leased to a runner between renewals: longer than
    # the slowest step (a few subgraph calls), shorter than you want a dead router's writes
    # to wait. The key wait must be shorter.
    intent_lease: float = Field(default=60.0, gt=0)
    intent_lock_wait: float = Field(default=5.0, ge=0)  # how long a request waits for its key
    intent_retry_base: float = Field(default=0.5, gt=0)  # first backoff; doubles, max 30 s
    reconcile_interval: float = Field(default=0.5, gt=0)  # idle poll of the reconciler

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        if isinstance(value, str):
            value = tuple(entry.strip() for entry in value.split(",") if entry.strip())
        for entry in value if isinstance(value, tuple | list) else ():
            ipaddress.ip_network(str(entry), strict=False)  # ValueError -> a clear settings error
        return value

    @field_validator("csrf_preflight_headers", "forward_headers", mode="before")
    @classmethod
    def _split_header_names(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple):
            return tuple(str(name).strip().lower() for name in value if str(name).strip())
        return value

    @field_validator(
        "jwks_url", "revocation_url", "internal_key_file", "mongodb_uri", mode="before"
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("explain_header")
    @classmethod
    def _lower_header(cls, value: str) -> str:
        return value.strip().lower()

    @model_validator(mode="after")
    def _apply_profile(self) -> RouterSettings:
        development = self.env == "development"
        if self.allow_explain is None:
            object.__setattr__(self, "allow_explain", development)
        if self.graphiql is None:
            object.__setattr__(self, "graphiql", development)
        return self

    @property
    def explain_enabled(self) -> bool:
        return bool(self.allow_explain)

    @property
    def graphiql_enabled(self) -> bool:
        return bool(self.graphiql)


@dataclass(frozen=True, slots=True)
class SubgraphEndpoint:
    """Where and how long to wait for one subgraph."""

    name: str
    url: str
    timeout: float


def env_name(subgraph: str) -> str:
    """``users`` → ``USERS``; ``my-graph`` → ``MY_GRAPH`` (the ``<NAME>`` in env overrides)."""
    return re.sub(r"[^0-9A-Za-z]", "_", subgraph).upper()


def resolve_endpoints(
    supergraph_urls: Mapping[str, str],
    settings: RouterSettings,
    environ: Mapping[str, str] | None = None,
) -> dict[str, SubgraphEndpoint]:
    """Combine join__graph URLs with ``ROUTER_SUBGRAPH_<NAME>_URL/_TIMEOUT`` overrides."""
    environ = os.environ if environ is None else environ
    endpoints: dict[str, SubgraphEndpoint] = {}
    for name, url in supergraph_urls.items():
        prefix = f"ROUTER_SUBGRAPH_{env_name(name)}_"
        timeout_text = environ.get(prefix + "TIMEOUT")
        try:
            timeout = float(timeout_text) if timeout_text else settings.subgraph_timeout
        except ValueError as error:
            raise ValueError(f"{prefix}TIMEOUT must be a number, got {timeout_text!r}") from error
        if timeout <= 0:
            raise ValueError(f"{prefix}TIMEOUT must be positive, got {timeout_text!r}")
        endpoints[name] = SubgraphEndpoint(
            name=name, url=environ.get(prefix + "URL") or url, timeout=timeout
        )
    return endpoints
