"""A manifest of trusted operations, read from an Apollo persisted-query list or a Relay map.

Apollo: ``{"format": "apollo-persisted-query-manifest", "version": 1, "operations":
[{"id": ..., "name": ..., "type": ..., "body": ...}]}``. Relay: ``{"<id>": "<document>"}``.
Every document is also known by the SHA-256 of its text, so a client may send the body
(checked against the list) or its hash instead of the manifest's id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import orjson

APOLLO_FORMAT = "apollo-persisted-query-manifest"


def document_hash(document: str) -> str:
    """The lowercase hex SHA-256 of a document's UTF-8 text (the APQ hash)."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Manifest:
    """Documents by id and by hash."""

    by_id: Mapping[str, str]
    by_hash: Mapping[str, str]

    @classmethod
    def of(cls, documents: Mapping[str, str]) -> Manifest:
        by_hash = {document_hash(body): body for body in documents.values()}
        return cls(dict(documents), by_hash)

    def __len__(self) -> int:
        return len(self.by_id)

    def lookup(self, key: str) -> str | None:
        """The document with this id, or this hash (``sha256:`` prefix allowed)."""
        found = self.by_id.get(key)
        if found is None:
            found = self.by_hash.get(key.removeprefix("sha256:").lower())
        return found

    def contains(self, document: str) -> bool:
        return document_hash(document) in self.by_hash


def load_manifest(path: Path) -> Manifest:
    """Read a manifest file; ``ValueError`` with a clear message when it is not one."""
    try:
        raw = orjson.loads(path.read_bytes())
    except OSError as error:
        raise ValueError(
            f"Cannot read the trusted documents at {path}: {error.strerror}."
        ) from None
    except orjson.JSONDecodeError:
        raise ValueError(f"The trusted documents at {path} are not valid JSON.") from None
    return parse_manifest(raw, str(path))


def parse_manifest(raw: object, source: str) -> Manifest:
    """A manifest from decoded JSON in either format."""
    if isinstance(raw, dict) and raw.get("format") == APOLLO_FORMAT:
        return Manifest.of(_apollo_documents(raw, source))
    if isinstance(raw, dict) and all(
        isinstance(key, str) and isinstance(value, str) for key, value in raw.items()
    ):
        return Manifest.of(raw)
    raise ValueError(
        f"{source} is neither an Apollo persisted-query manifest nor a Relay map of id to document."
    )


def _apollo_documents(raw: Mapping[str, object], source: str) -> dict[str, str]:
    if raw.get("version") != 1:
        raise ValueError(f"{source}: only version 1 of the Apollo manifest format is supported.")
    operations = raw.get("operations")
    if not isinstance(operations, list):
        raise ValueError(f"{source}: 'operations' must be a list.")
    documents: dict[str, str] = {}
    for index, entry in enumerate(operations):
        if not isinstance(entry, dict):
            raise ValueError(f"{source}: operation {index} is not an object.")
        identifier, body = entry.get("id"), entry.get("body")
        if not isinstance(identifier, str) or not isinstance(body, str):
            raise ValueError(f"{source}: operation {index} needs a string 'id' and 'body'.")
        documents[identifier] = body
    return documents
