"""Media types of the GraphQL-over-HTTP spec: request content types and Accept negotiation."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from router.http.errors import HttpError
from router.http.streams import StreamFormat

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
APPLICATION_JSON = "application/json"
TEXT_HTML = "text/html"


class ResponseMedia(Enum):
    """What the client accepts; ``GRAPHQL_RESPONSE`` enables the 4xx status semantics."""

    JSON = APPLICATION_JSON
    GRAPHQL_RESPONSE = GRAPHQL_RESPONSE_JSON
    HTML = TEXT_HTML

    @property
    def content_type(self) -> bytes:
        return f"{self.value}; charset=utf-8".encode()


_RANGE_TO_MEDIA = {
    GRAPHQL_RESPONSE_JSON: ResponseMedia.GRAPHQL_RESPONSE,
    APPLICATION_JSON: ResponseMedia.JSON,
    "application/*": ResponseMedia.JSON,
    "*/*": ResponseMedia.JSON,
    TEXT_HTML: ResponseMedia.HTML,
}
_negotiated: dict[str, tuple[ResponseMedia, ...]] = {}
_NEGOTIATION_CACHE_LIMIT = 256
_DEFAULT_PREFERENCE = (ResponseMedia.JSON,)


def split_media_type(value: str) -> tuple[str, dict[str, str]]:
    """``"Application/JSON; charset=UTF-8"`` → ``("application/json", {"charset": "UTF-8"})``."""
    main, *raw_params = value.split(";")
    params: dict[str, str] = {}
    for raw in raw_params:
        key, _, param_value = raw.partition("=")
        params[key.strip().lower()] = param_value.strip().strip('"')
    return main.strip().lower(), params


def preferences(accept: str | None) -> tuple[ResponseMedia, ...]:
    """Media types we can produce, best first, for an Accept header (empty tuple means 406)."""
    if not accept:
        return _DEFAULT_PREFERENCE
    cached = _negotiated.get(accept)
    if cached is None:
        cached = _preferences(accept)
        if len(_negotiated) < _NEGOTIATION_CACHE_LIMIT:
            _negotiated[accept] = cached
    return cached


def graphql_media(accept: str | None) -> ResponseMedia | None:
    """The JSON flavour to answer a GraphQL request with; ``None`` means 406."""
    for media in preferences(accept):
        if media is not ResponseMedia.HTML:
            return media
    return None


def stream_format(accept: str | None) -> StreamFormat | None:
    """The streamed body the client reads, if any: ``text/event-stream`` (GraphQL over SSE)
    before ``multipart/mixed`` (incremental delivery of @defer/@stream over HTTP)."""
    if not accept or ("multipart/mixed" not in accept and "text/event-stream" not in accept):
        return None
    accepted = set()
    for media_range in accept.split(","):
        media_type, params = split_media_type(media_range)
        if params.get("q", "1") not in ("0", "0.0", "0.00", "0.000"):
            accepted.add(media_type)
    if "text/event-stream" in accepted:
        return StreamFormat.EVENT_STREAM
    if "multipart/mixed" in accepted:
        return StreamFormat.MULTIPART
    return None


def _preferences(accept: str) -> tuple[ResponseMedia, ...]:
    candidates: list[tuple[float, int, ResponseMedia]] = []
    for position, media_range in enumerate(accept.split(",")):
        media_type, params = split_media_type(media_range)
        media = _RANGE_TO_MEDIA.get(media_type)
        if media is None:
            continue
        charset = params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            continue
        try:
            quality = float(params.get("q", "1"))
        except ValueError:
            quality = 0.0
        if quality > 0:
            candidates.append((-quality, position, media))
    candidates.sort(key=lambda candidate: candidate[:2])
    return tuple(media for _, _, media in candidates)


@lru_cache(maxsize=128)
def parse_content_type(value: str) -> tuple[str, str]:
    """``"application/json; charset=UTF-8"`` → ``("application/json", "utf-8")``."""
    media_type, params = split_media_type(value)
    return media_type, params.get("charset", "utf-8").lower()


def require_json_content_type(content_type: str | None) -> None:
    """POST bodies must be ``application/json`` in UTF-8; otherwise 415."""
    if content_type is None:
        raise HttpError(415, "Missing content-type: send application/json.")
    media_type, charset = parse_content_type(content_type)
    if media_type != APPLICATION_JSON:
        raise HttpError(415, f"Unsupported content-type {media_type!r}: send application/json.")
    if charset not in ("utf-8", "utf8"):
        raise HttpError(415, f"Unsupported charset {charset!r}: send UTF-8.")
