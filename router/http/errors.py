"""HTTP-level failures turned into GraphQL-shaped error responses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class HttpError(Exception):
    """Stop handling the request and answer ``status`` with one GraphQL error."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str = "BAD_REQUEST",
        headers: tuple[tuple[bytes, bytes], ...] = (),
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers
        self.extensions = extensions or {}

    def body(self) -> dict[str, Any]:
        return error_body(self.message, self.code, **self.extensions)


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    """A GraphQL response with a single error and no ``data`` entry."""
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


INTERNAL_ERROR_BODY = error_body("Internal server error", "INTERNAL_SERVER_ERROR")
