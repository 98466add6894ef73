"""What wakes a change tail between polls: MongoDB change streams, where the database has them.

``mode``: ``poll`` (never watch), ``watch`` (change streams required: startup fails without
them) or ``auto`` (watch if the database accepts ``watch()``, else poll; mongoeco and
standalone servers have no change streams). A change stream that fails is reopened after the
last event it delivered (:class:`ResumePoint`); polling covers the gap meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import OperationFailure, PyMongoError

from subgraphs.common.mongo import Document

logger = logging.getLogger("subgraph.changes")

MODES: Final = frozenset({"auto", "poll", "watch"})
REOPEN_DELAY_SECONDS: Final = 1.0


class ChangeStreamsUnavailable(RuntimeError):
    """``mode=watch`` but the database offers no change streams."""


@dataclass
class ResumePoint:
    """The resume token of the last change-stream event seen (None: none yet)."""

    token: Mapping[str, Any] | None = None

    def advance(self, token: Mapping[str, Any] | None) -> None:
        if token is not None:
            self.token = token

    def watch_options(self) -> dict[str, Any]:
        """``watch()`` keywords that continue after the last event (nothing missed)."""
        return {} if self.token is None else {"resume_after": dict(self.token)}


class Wakeups:
    """Calls ``wake`` on every change-stream event of a collection (``watching``)."""

    def __init__(self, watching: bool) -> None:
        self.watching = watching
        self.resume = ResumePoint()
        self._task: asyncio.Task[None] | None = None

    def follow(self, changes: AsyncCollection[Document], wake: Callable[[], None]) -> None:
        self._task = asyncio.create_task(self._follow(changes, wake), name="change-stream")

    async def _follow(self, changes: AsyncCollection[Document], wake: Callable[[], None]) -> None:
        while True:
            try:
                async with await changes.watch(**self.resume.watch_options()) as stream:
                    async for _ in stream:
                        self.resume.advance(stream.resume_token)
                        wake()
            except PyMongoError as error:
                logger.warning("change stream interrupted (%s); reopening", error)
                wake()  # poll once: what happened meanwhile is read from the feed itself
            await asyncio.sleep(REOPEN_DELAY_SECONDS)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def has_change_streams(changes: AsyncCollection[Document]) -> bool:
    """Whether the database accepts ``watch()`` on this collection."""
    try:
        stream = await changes.watch(max_await_time_ms=1)
    except (OperationFailure, NotImplementedError):
        return False
    except PyMongoError as error:
        logger.warning("could not tell whether change streams exist (%s)", error)
        return False
    await stream.close()
    return True


async def start_wakeups(
    changes: AsyncCollection[Document], mode: str, wake: Callable[[], None]
) -> Wakeups:
    """Wake-ups for ``mode`` (see the module doc)."""
    if mode not in MODES:
        raise ValueError(f"change feed mode must be one of {sorted(MODES)}, not {mode!r}")
    if mode == "poll":
        return Wakeups(watching=False)
    available = await has_change_streams(changes)
    if not available:
        if mode == "watch":
            raise ChangeStreamsUnavailable(
                "CHANGES_MODE=watch, but the database offers no change streams "
                "(a replica set is needed)."
            )
        logger.info("no change streams on %s: polling the change feed", changes.full_name)
        return Wakeups(watching=False)
    wakeups = Wakeups(watching=True)
    wakeups.follow(changes, wake)
    logger.info("following the change feed of %s with a change stream", changes.full_name)
    return wakeups
