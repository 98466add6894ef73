"""Reading a ``text/event-stream`` in tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

type Frame = dict[str, str]


def frames(lines: Iterator[str]) -> Iterator[Frame]:
    """The server-sent events of a stream, as ``{"event": …, "id": …, "data": …}``."""
    frame: Frame = {}
    for line in lines:
        if not line:
            if frame:
                yield frame
            frame = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            frame[name] = value.removeprefix(" ")


def next_frame(stream: Iterator[Frame], event: str, **data: Any) -> Frame:
    """The next ``event`` whose JSON data has ``data``'s items (others are skipped)."""
    for frame in stream:
        if frame.get("event") != event:
            continue
        body = json.loads(frame.get("data") or "{}")
        if all(body.get(key) == value for key, value in data.items()):
            return frame
    raise AssertionError(f"the stream ended before an {event!r} event")
