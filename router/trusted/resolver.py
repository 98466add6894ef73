"""From a request's parameters to the document to run: by id, by hash, or as sent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from router.trusted.manifest import Manifest, document_hash
from router.trusted.registry import AutomaticRegistry

_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


class DocumentRefused(Exception):
    """The request names no document the router may run (``code`` says why)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class DocumentResolver:
    """``manifest``: the trusted documents (or none); ``require_trusted``: refuse all others;
    ``registry``: automatic persisted queries (register on miss), or ``None`` when off."""

    manifest: Manifest | None = None
    require_trusted: bool = False
    registry: AutomaticRegistry | None = None

    @property
    def active(self) -> bool:
        return self.manifest is not None or self.registry is not None or self.require_trusted

    def resolve(
        self, query: str | None, document_id: str | None, extensions: dict[str, Any] | None
    ) -> str:
        """The document text to run, or :class:`DocumentRefused`."""
        digest = _persisted_hash(extensions)
        if document_id is not None:
            return self._by_id(document_id, query)
        if digest is not None:
            return self._by_hash(digest, query)
        if query is None:
            raise DocumentRefused("Missing the 'query' parameter.", "BAD_REQUEST")
        if self.require_trusted and not (
            self.manifest is not None and self.manifest.contains(query)
        ):
            raise DocumentRefused(
                "This router runs only trusted documents, and this one is not in its list.",
                "PERSISTED_QUERY_NOT_IN_LIST",
            )
        return query

    def _by_id(self, document_id: str, query: str | None) -> str:
        if self.manifest is None:
            raise DocumentRefused(
                "This router has no trusted documents: send the query.",
                "PERSISTED_QUERY_NOT_SUPPORTED",
            )
        found = self.manifest.lookup(document_id)
        if found is None:
            raise DocumentRefused(
                f"No trusted document has the id {document_id!r}.", "PERSISTED_QUERY_NOT_IN_LIST"
            )
        if query is not None and query != found:
            raise DocumentRefused(
                "The query sent differs from the trusted document with that id.",
                "PERSISTED_QUERY_HASH_MISMATCH",
            )
        return found

    def _by_hash(self, digest: str, query: str | None) -> str:
        if not _SHA256.fullmatch(digest):
            raise DocumentRefused(
                "extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits.",
                "BAD_REQUEST",
            )
        digest = digest.lower()
        if query is not None:
            if document_hash(query) != digest:
                raise DocumentRefused(
                    "The query's SHA-256 differs from extensions.persistedQuery.sha256Hash.",
                    "PERSISTED_QUERY_HASH_MISMATCH",
                )
            return self._registered(digest, query)
        found = self.manifest.lookup(digest) if self.manifest is not None else None
        if found is None and self.registry is not None:
            found = self.registry.get(digest)
        if found is not None:
            return found
        if self.registry is not None:
            raise DocumentRefused(
                "This persisted query is not known yet: send it once with its hash.",
                "PERSISTED_QUERY_NOT_FOUND",
            )
        if self.manifest is not None:
            raise DocumentRefused(
                "No trusted document has this hash.", "PERSISTED_QUERY_NOT_IN_LIST"
            )
        raise DocumentRefused(
            "This router does not accept persisted queries: send the query.",
            "PERSISTED_QUERY_NOT_SUPPORTED",
        )

    def _registered(self, digest: str, query: str) -> str:
        """A query sent with its (matching) hash: register it (APQ), or check it is trusted."""
        known = self.manifest is not None and digest in self.manifest.by_hash
        if self.require_trusted and not known:
            raise DocumentRefused(
                "This router runs only trusted documents, and this one is not in its list.",
                "PERSISTED_QUERY_NOT_IN_LIST",
            )
        if self.registry is not None and not known:
            self.registry.register(digest, query)
        return query


def _persisted_hash(extensions: dict[str, Any] | None) -> str | None:
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version", 1) != 1:
        raise DocumentRefused(
            "extensions.persistedQuery must be an object with version 1 and a sha256Hash.",
            "BAD_REQUEST",
        )
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str):
        raise DocumentRefused(
            "extensions.persistedQuery.sha256Hash must be a string.", "BAD_REQUEST"
        )
    return digest
