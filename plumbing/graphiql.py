"""GraphiQL page and its vendored assets (``plumbing/static``), held in memory and gzipped once."""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import re
from functools import cached_property
from pathlib import Path

STATIC_ROOT = Path(__file__).resolve().parent / "static"
STATIC_PREFIX = "/static/graphiql/"
_CONTENT_TYPES = {
    ".js": b"text/javascript; charset=utf-8",
    ".css": b"text/css; charset=utf-8",
}
_PLACEHOLDER = re.compile(r"\{(static|endpoint|sri:[\w.-]+)\}")


class StaticAsset:
    """One file ready to send: body, content type, strong ETag, SRI hash, gzip on demand."""

    def __init__(self, path: Path) -> None:
        self.body = path.read_bytes()
        digest = hashlib.sha384(self.body).digest()
        self.content_type = _CONTENT_TYPES[path.suffix]
        self.etag = b'"' + digest[:16].hex().encode() + b'"'
        self.integrity = "sha384-" + base64.b64encode(digest).decode()

    @cached_property
    def gzipped(self) -> bytes:
        """Compressed once, on the first request that accepts gzip (keeps startup fast)."""
        return gzip.compress(self.body, compresslevel=6, mtime=0)


class GraphiQL:
    """The IDE page for ``endpoint`` and the assets it references."""

    def __init__(self, endpoint: str, static_root: Path = STATIC_ROOT) -> None:
        paths = [
            *sorted((static_root / "vendor").iterdir()),
            *sorted(static_root.iterdir()),
        ]
        self.assets = {
            path.name: StaticAsset(path)
            for path in paths
            if path.is_file() and path.suffix in _CONTENT_TYPES
        }
        template = (static_root / "graphiql.html").read_text(encoding="utf-8")
        self.page = _PLACEHOLDER.sub(
            lambda match: self._fill(match.group(1), endpoint), template
        ).encode()

    def _fill(self, placeholder: str, endpoint: str) -> str:
        if placeholder == "static":
            return STATIC_PREFIX.rstrip("/")
        if placeholder == "endpoint":
            return html.escape(endpoint)
        return self.assets[placeholder.removeprefix("sri:")].integrity

    def asset(self, path: str) -> StaticAsset | None:
        """The asset for a request path under ``STATIC_PREFIX``, if it exists."""
        return self.assets.get(path.removeprefix(STATIC_PREFIX))
