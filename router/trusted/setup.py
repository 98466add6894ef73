"""The document resolver the settings ask for (``ROUTER_TRUSTED_DOCUMENTS``, ``ROUTER_APQ``)."""

from __future__ import annotations

import logging

from router.settings import RouterSettings
from router.trusted.manifest import load_manifest
from router.trusted.registry import AutomaticRegistry
from router.trusted.resolver import DocumentResolver

logger = logging.getLogger("router.trusted")


def resolver_from_settings(settings: RouterSettings) -> DocumentResolver:
    """Read the manifest (a bad file stops the router with a clear message)."""
    manifest = None
    if settings.trusted_documents is not None:
        manifest = load_manifest(settings.trusted_documents)
        logger.info("trusted documents: %d from %s", len(manifest), settings.trusted_documents)
    if settings.require_trusted_documents and manifest is None:
        raise ValueError("ROUTER_REQUIRE_TRUSTED_DOCUMENTS needs ROUTER_TRUSTED_DOCUMENTS.")
    registry = AutomaticRegistry(settings.apq_cache_size) if settings.apq else None
    return DocumentResolver(manifest, settings.require_trusted_documents, registry)
