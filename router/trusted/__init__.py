"""Trusted documents: operations known ahead (a manifest) and, opt-in, registered on first use.

Clients name a document by ``documentId`` or ``extensions.persistedQuery.sha256Hash``;
:class:`DocumentResolver` turns the request's parameters into the document text to run, or
refuses with a stable code.
"""

from router.trusted.manifest import Manifest, load_manifest
from router.trusted.registry import AutomaticRegistry
from router.trusted.resolver import DocumentRefused, DocumentResolver

__all__ = ["AutomaticRegistry", "DocumentRefused", "DocumentResolver", "Manifest", "load_manifest"]
