"""Domain errors that reach clients as GraphQL errors with a stable ``extensions.code``."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError


class DomainError(GraphQLError):
    """A client-facing error: a human message plus a stable machine code."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class BadUserInput(DomainError):
    """Invalid input; ``field`` names the offending argument or input field."""

    code = "BAD_USER_INPUT"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


class NotFound(DomainError):
    code = "NOT_FOUND"


class Conflict(DomainError):
    code = "CONFLICT"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = "You must be logged in.") -> None:
        super().__init__(message)


class RateLimited(DomainError):
    code = "RATE_LIMITED"


class CursorExpired(DomainError):
    """A subscription resumed from a cursor older than the change feed keeps."""

    code = "CURSOR_EXPIRED"

    def __init__(
        self,
        message: str = "Changes after this cursor are no longer kept; reload and subscribe "
        "again without a cursor.",
    ) -> None:
        super().__init__(message)
