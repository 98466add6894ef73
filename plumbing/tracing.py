"""Optional OpenTelemetry tracing, configured by the standard ``OTEL_*`` environment variables.

Tracing is on when ``OTEL_TRACES_EXPORTER`` names exporters (``otlp``, ``console``) or, when
that is unset, when ``OTEL_EXPORTER_OTLP_ENDPOINT`` / ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``
is set; ``OTEL_SDK_DISABLED=true`` or ``OTEL_TRACES_EXPORTER=none`` turn it off. When off,
nothing from OpenTelemetry is imported and services hold ``None`` instead of a ``Tracing``.
OTLP goes over HTTP/protobuf; the SDK reads the other variables itself (``OTEL_SERVICE_NAME``,
``OTEL_RESOURCE_ATTRIBUTES``, ``OTEL_TRACES_SAMPLER``, ``OTEL_BSP_*``, exporter headers…).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plumbing.spans import Tracing

_KNOWN_EXPORTERS = ("otlp", "console")


def _exporter_names(environ: Mapping[str, str]) -> tuple[str, ...]:
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return ()
    configured = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if configured:
        names = tuple(name.strip() for name in configured.split(",") if name.strip())
        return () if names == ("none",) else names
    endpoint = environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or environ.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT"
    )
    return ("otlp",) if endpoint else ()


def tracing_requested(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the environment asks for traces to be exported."""
    return bool(_exporter_names(os.environ if environ is None else environ))


def start_tracing(service_name: str, environ: Mapping[str, str] | None = None) -> Tracing | None:
    """Install a global tracer provider exporting as configured; ``None`` when tracing is off.

    ``service_name`` is the default ``service.name`` (``OTEL_SERVICE_NAME`` wins).
    """
    environ = os.environ if environ is None else environ
    names = _exporter_names(environ)
    if not names:
        return None
    unknown = [name for name in names if name not in _KNOWN_EXPORTERS]
    if unknown:
        raise ValueError(
            f"OTEL_TRACES_EXPORTER: unsupported exporter(s) {', '.join(unknown)} "
            f"(supported: {', '.join(_KNOWN_EXPORTERS)}, none)"
        )
    from opentelemetry import trace
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    from plumbing.spans import Tracing

    resource = Resource.create({"service.name": environ.get("OTEL_SERVICE_NAME") or service_name})
    provider = TracerProvider(resource=resource)
    for name in names:
        provider.add_span_processor(BatchSpanProcessor(_exporter(name)))
    trace.set_tracer_provider(provider)
    return Tracing(provider.get_tracer("fedcal"))


def _exporter(name: str) -> Any:
    if name == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()
