"""The web app's GraphQL operations as a trusted-documents manifest (Apollo's format).

Every operation the web app sends is a module-level string constant; this module finds them
all (each module of the package imported, Django configured) and writes or checks
``webapp/trusted-documents.json``, which the router loads with ``ROUTER_TRUSTED_DOCUMENTS``::

    python -m webapp.documents           # rewrite the manifest
    python -m webapp.documents --check   # exit 1 when it is stale (CI)

Ids are the SHA-256 of each document, so the web app sends ``documentId`` without reading the
manifest (``WEBAPP_SEND_DOCUMENT_IDS``).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import pkgutil
import sys
from pathlib import Path

from graphql import GraphQLError, OperationDefinitionNode, parse

MANIFEST = Path(__file__).resolve().parent / "trusted-documents.json"
_SKIPPED = (".migrations", ".settings", ".manage", ".asgi", ".wsgi", ".__main__", ".documents")


def document_id(document: str) -> str:
    """The id the web app sends for ``document`` (lowercase hex SHA-256)."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def operations() -> dict[str, tuple[str, str, str]]:
    """``id -> (name, type, body)`` of every operation constant in the web app."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings.development")
    import django

    django.setup()
    import webapp

    found: dict[str, tuple[str, str, str]] = {}
    for module_info in pkgutil.walk_packages(webapp.__path__, "webapp."):
        if any(part in module_info.name for part in _SKIPPED):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            operation = _operation(value)
            if operation is not None:
                found[document_id(value)] = (*operation, value)
    return dict(sorted(found.items(), key=lambda item: (item[1][0], item[0])))


def _operation(value: object) -> tuple[str, str] | None:
    """``(name, type)`` when ``value`` is one named GraphQL operation."""
    kinds = ("query", "mutation", "subscription")
    if not isinstance(value, str) or not value.lstrip().startswith(kinds):
        return None
    try:
        definitions = parse(value).definitions
    except GraphQLError:
        return None
    named = [d for d in definitions if isinstance(d, OperationDefinitionNode) and d.name]
    if len(named) != 1:
        return None
    return named[0].name.value if named[0].name else "", named[0].operation.value


def manifest_text(found: dict[str, tuple[str, str, str]]) -> str:
    listed = [
        {"id": key, "name": name, "type": kind, "body": body}
        for key, (name, kind, body) in found.items()
    ]
    manifest = {"format": "apollo-persisted-query-manifest", "version": 1, "operations": listed}
    return json.dumps(manifest, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the manifest is stale")
    args = parser.parse_args(argv)
    found = operations()
    text = manifest_text(found)
    if args.check:
        current = MANIFEST.read_text(encoding="utf-8") if MANIFEST.exists() else ""
        if current != text:
            print(f"{MANIFEST} is stale: run `make trusted-documents`.", file=sys.stderr)
            return 1
        return 0
    MANIFEST.write_text(text, encoding="utf-8")
    print(f"wrote {MANIFEST} ({len(found)} operations)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
