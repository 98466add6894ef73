"""A small typed client for the GraphQL federation router (the web app's only backend).

``RouterClient.execute`` posts one operation and returns a :class:`GraphQLResult`.
Transport failures raise :class:`RouterUnavailable`; GraphQL errors are data, turned into
exceptions only when the caller asks for a field that is missing (:meth:`GraphQLResult.require`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import httpx

from plumbing.request_id import REQUEST_ID_HEADER, current_request_id

type JSON = dict[str, Any]
type PathSegment = str | int

# What an outage answers (a service down or failing), as opposed to a dangling reference
# (ENTITY_NOT_FOUND: the thing is gone, nothing is missing) or the caller's own mistake.
OUTAGE_CODES: Final = frozenset({"SUBGRAPH_UNAVAILABLE", "SUBGRAPH_ERROR", "INTERNAL_SERVER_ERROR"})
JSON_ACCEPT: Final = "application/graphql-response+json, application/json"


class RouterError(Exception):
    """Base class of everything this module raises."""


class RouterUnavailable(RouterError):
    """The router could not be reached or did not answer with GraphQL."""


class SessionExpired(RouterError):
    """The router rejected the session's token (expired, revoked or malformed)."""


class TokenRefused(SessionExpired):
    """The router refused the token before running anything (HTTP 401): safe to renew the
    token and send the same operation again."""


class OperationFailed(RouterError):
    """A field the caller needs came back null, with the errors that explain why."""

    def __init__(self, errors: tuple[GraphQLError, ...]) -> None:
        self.errors = errors
        message = errors[0].message if errors else "The operation failed."
        super().__init__(message)

    @property
    def code(self) -> str:
        return self.errors[0].code if self.errors else "INTERNAL_SERVER_ERROR"

    def field_errors(self) -> dict[str, list[str]]:
        """BAD_USER_INPUT messages keyed by the input field they name (``""`` if none)."""
        grouped: dict[str, list[str]] = {}
        for error in self.errors:
            if error.code == "BAD_USER_INPUT":
                grouped.setdefault(error.input_field or "", []).append(error.message)
        return grouped


@dataclass(frozen=True)
class GraphQLError:
    """One entry of a response's ``errors`` list."""

    message: str
    code: str = "INTERNAL_SERVER_ERROR"
    path: tuple[PathSegment, ...] = ()
    field: str | None = None
    service: str | None = None

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> GraphQLError:
        extensions = raw.get("extensions") or {}
        path = tuple(p for p in raw.get("path") or () if isinstance(p, str | int))
        service = extensions.get("serviceName") or extensions.get("subgraph")
        return cls(
            message=str(raw.get("message") or "Unknown error"),
            code=str(extensions.get("code") or "INTERNAL_SERVER_ERROR"),
            path=path,
            field=extensions.get("field") if isinstance(extensions.get("field"), str) else None,
            service=service if isinstance(service, str) else None,
        )

    @property
    def input_field(self) -> str | None:
        """The input field named by ``extensions.field``, without ``input.`` prefixes."""
        if not self.field:
            return None
        return self.field.rsplit(".", 1)[-1]

    @property
    def root_field(self) -> str | None:
        return self.path[0] if self.path and isinstance(self.path[0], str) else None


def _words(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def describe_missing(error: GraphQLError) -> str:
    """Plain words for what a partial response lacks, e.g. ``participants (participations)``."""
    names = [p for p in error.path if isinstance(p, str)]
    what = _words(names[-1]) if names else "some information"
    return f"{what} ({error.service} service)" if error.service else what


@dataclass(frozen=True)
class GraphQLResult:
    """``data`` and ``errors`` of one response."""

    data: JSON | None
    errors: tuple[GraphQLError, ...] = ()

    def require(self, root_field: str) -> Any:
        """The value of ``root_field``, or :class:`OperationFailed` if it is null."""
        value = (self.data or {}).get(root_field)
        if value is None:
            errors = tuple(e for e in self.errors if e.root_field in (root_field, None))
            raise OperationFailed(errors or self.errors)
        return value

    def get(self, root_field: str) -> Any:
        """The value of ``root_field`` or ``None`` (partial data tolerated)."""
        return (self.data or {}).get(root_field)

    @property
    def outage(self) -> bool:
        """Whether some part is missing because a service is down or failing."""
        return any(error.code in OUTAGE_CODES for error in self.errors)

    def missing(self) -> list[str]:
        """Plain-words descriptions of the parts an outage left out."""
        seen: list[str] = []
        for error in self.errors:
            if error.code in OUTAGE_CODES:
                text = describe_missing(error)
                if text not in seen:
                    seen.append(text)
        return seen


@dataclass
class RouterClient:
    """Posts GraphQL operations to the router over a pooled HTTP connection."""

    url: str
    timeout: float = 10.0
    send_document_ids: bool = False  # send documentId (webapp/trusted-documents.json) not text
    _http: httpx.Client | None = field(default=None, repr=False)

    def http(self) -> httpx.Client:
        """The pooled HTTP client (opened on first use)."""
        if self._http is None:
            self._http = httpx.Client(timeout=self.timeout)
        return self._http

    def execute(
        self,
        document: str,
        variables: Mapping[str, Any] | None = None,
        *,
        token: str | None = None,
        client_address: str | None = None,
    ) -> GraphQLResult:
        """Run one operation; raise :class:`RouterUnavailable` or :class:`SessionExpired`.

        ``client_address`` (the browser's) goes in ``X-Forwarded-For``: the router trusts it
        from the web app (``ROUTER_TRUSTED_PROXIES``) for per-client login throttling.
        The current request's id (``webapp.core.observability``) goes in ``X-Request-ID``.
        """
        headers = self.headers(JSON_ACCEPT, token=token, client_address=client_address)
        try:
            body = self.body(document, variables)
            response = self.http().post(self.url, json=body, headers=headers)
        except httpx.HTTPError as error:
            raise RouterUnavailable(f"The router at {self.url} is unreachable.") from error
        result = parse_response(response.status_code, response.content)
        check_session(result, token_sent=bool(token), status=response.status_code)
        return result

    def headers(
        self, accept: str, *, token: str | None = None, client_address: str | None = None
    ) -> dict[str, str]:
        """The headers of a request to the router: caller, browser address, request id."""
        headers = {"accept": accept}
        request_id = current_request_id.get()
        if request_id is not None:
            headers[REQUEST_ID_HEADER] = request_id
        if token:
            headers["authorization"] = f"Bearer {token}"
        if client_address:
            headers["x-forwarded-for"] = client_address
        return headers

    def body(self, document: str, variables: Mapping[str, Any] | None) -> JSON:
        """The request body: the document's trusted id (``send_document_ids``) or its text."""
        body: JSON = {"variables": dict(variables or {})}
        if self.send_document_ids:
            body["documentId"] = hashlib.sha256(document.encode("utf-8")).hexdigest()
        else:
            body["query"] = document
        return body

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None


def parse_response(status: int, content: bytes) -> GraphQLResult:
    """Turn an HTTP answer into a result; anything that is not GraphQL means unavailable."""
    try:
        payload = json.loads(content)
    except ValueError as error:
        raise RouterUnavailable(f"The router answered HTTP {status} without GraphQL.") from error
    if not isinstance(payload, dict) or ("data" not in payload and "errors" not in payload):
        raise RouterUnavailable(f"The router answered HTTP {status} without GraphQL.")
    data = payload.get("data")
    errors = tuple(
        GraphQLError.from_json(raw) for raw in payload.get("errors") or () if isinstance(raw, dict)
    )
    return GraphQLResult(data if isinstance(data, dict) else None, errors)


def check_session(result: GraphQLResult, *, token_sent: bool, status: int = 200) -> None:
    """A token that was sent and refused means the login behind it is no longer valid
    (:class:`TokenRefused` when the router refused it up front, with 401)."""
    if token_sent:
        for error in result.errors:
            if error.code == "UNAUTHENTICATED":
                raise (TokenRefused if status == 401 else SessionExpired)(error.message)
