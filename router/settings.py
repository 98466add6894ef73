"""Router configuration from the environment (``ROUTER_*``), read once at startup.

Profiles: ``ROUTER_ENV=development`` (default) enables the query-plan explain header,
GraphiQL, introspection and "Did you mean" suggestions; ``ROUTER_ENV=production`` turns them
off unless set explicitly, and serves ``/metrics`` and ``/ready`` only on the admin port.
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
    # Hot reload (router/hot_reload): poll the file (or supergraph_url) every interval seconds
    # and swap in a new valid supergraph, warming its most-used plans; 0 turns it off.
    supergraph_url: str | None = None
    supergraph_poll_interval: float = Field(default=2.0, ge=0)
    supergraph_warm_plans: int = Field(default=200, ge=0)
    host: str = "127.0.0.1"
    port: int = Field(default=4000, ge=0, le=65535)
    workers: int = Field(default=1, ge=1)
    log_level: str = "info"
    access_log: bool = True  # one structured line per /graphql request (router.access)
    metrics: bool = True  # Prometheus text exposition at GET /metrics
    # /metrics and /ready (and /health) on their own port, for the cluster only; unset: on
    # the public port in development, nowhere in production.
    admin_port: int | None = Field(default=None, ge=1, le=65535)
    admin_host: str | None = None  # default: host
    # A client gets this long to send a request's headers (then the connection is closed)
    # and, separately, its body (then 408).
    header_read_timeout: float = Field(default=10.0, gt=0)
    body_read_timeout: float = Field(default=10.0, gt=0)

    graphql_path: str = "/graphql"
    graphiql: bool | None = None
    introspection: bool | None = None  # __schema/__type; default: on in development only
    field_suggestions: bool | None = None  # "Did you mean …?"; default: development only
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

    # Demand control (router/demand): the estimated cost of an operation from the
    # supergraph's @cost/@listSize against the caller's budget; "measure" only records it.
    cost_mode: Literal["enforce", "measure", "off"] = "enforce"
    cost_budget_anonymous: int = Field(default=1_000, ge=0)
    cost_budget_authenticated: int = Field(default=5_000, ge=0)
    cost_default_list_size: int = Field(default=10, ge=0)
    # Per process: at most this much estimated cost executing at once (0 = no limit),
    # cheaper operations first; operations costing at most cost_in_flight_free never wait.
    cost_in_flight: int = Field(default=2_000, ge=0)
    cost_in_flight_free: int = Field(default=50, ge=0)

    # Rate limiting per caller (router/ratelimit; user id, else client address): `requests`
    # per `window` seconds over all router processes, `burst` at once per process; 0 = off.
    # Default: 600 per minute in production, off in development.
    rate_limit_requests: int | None = Field(default=None, ge=0)
    rate_limit_window: float = Field(default=60.0, gt=0)
    rate_limit_burst: int = Field(default=50, ge=1)
    rate_limit_sync_interval: float = Field(default=0.5, gt=0)
    # A refusal waits up to this long (at most rate_limit_max_delayed at once): a flooding
    # connection gets a few refusals a second, not thousands.
    rate_limit_refusal_delay: float = Field(default=1.0, ge=0)
    rate_limit_max_delayed: int = Field(default=1_000, ge=0)
    # The router's own database (router/state), shared by its processes; off when unset.
    mongodb_uri: str | None = None
    mongodb_db: str = "router"
    # With authentication (compose): the router's database user; the password from a file.
    mongodb_username: str | None = None
    mongodb_password_file: Path | None = None

    subgraph_timeout: float = Field(default=10.0, gt=0)
    subgraph_pool_size: int = Field(default=512, ge=1)
    forward_headers: CommaSeparated = ("x-request-id",)

    # Subscriptions (router/subscriptions): live ones per client (across connections) and
    # per graphql-ws connection; keep-alive (ws ping / SSE comment) every N seconds; how long
    # a graphql-ws client has to send connection_init.
    subscriptions_per_client: int = Field(default=100, ge=1)
    subscriptions_per_connection: int = Field(default=50, ge=1)
    subscription_keepalive: float = Field(default=12.0, gt=0)
    subscription_init_timeout: float = Field(default=10.0, gt=0)

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

    # Trusted documents (router/trusted): a manifest file (Apollo persisted-query list or Relay
    # map); with require_trusted_documents nothing else runs. apq: register on miss (opt-in).
    trusted_documents: Path | None = None
    require_trusted_documents: bool = False
    apq: bool = False
    apq_cache_size: int = Field(default=1000, ge=1)
    # Durable writes (router/rules, with the router's database): the rules' multi-step writes
    # are recorded as intents and finished by the reconciler.
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
        "jwks_url",
        "revocation_url",
        "internal_key_file",
        "trusted_documents",
        "supergraph_url",
        "admin_port",
        "mongodb_uri",
        mode="before",
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
        if self.introspection is None:
            object.__setattr__(self, "introspection", development)
        if self.field_suggestions is None:
            object.__setattr__(self, "field_suggestions", development)
        if self.rate_limit_requests is None:
            object.__setattr__(self, "rate_limit_requests", 0 if development else 600)
        return self

    def mongodb_credentials(self) -> tuple[str, str] | None:
        """(username, password) of the router's database user, if one is configured."""
        if self.mongodb_username is None and self.mongodb_password_file is None:
            return None
        if self.mongodb_username is None or self.mongodb_password_file is None:
            raise ValueError("set both ROUTER_MONGODB_USERNAME and ROUTER_MONGODB_PASSWORD_FILE")
        return self.mongodb_username, self.mongodb_password_file.read_text().strip()

    @property
    def admin_on_public_port(self) -> bool:
        """Whether ``/metrics`` and ``/ready`` are served on the public port."""
        return self.admin_port is None and self.env == "development"

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
