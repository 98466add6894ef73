"""What every subscription does: an authenticated viewer, the changes that concern them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from subgraphs.common.auth import Viewer
from subgraphs.common.changes import Change, ChangeFeed
from subgraphs.common.context import SubgraphContext

type Admit = Callable[[Viewer, Change], Awaitable[bool]]


async def viewer_changes(
    context: SubgraphContext[Any],
    feed: ChangeFeed,
    after: str | None,
    admit: Admit | None = None,
) -> AsyncIterator[Change]:
    """The feed's changes after ``after`` that concern the caller (UNAUTHENTICATED for an
    anonymous one): those whose audience names them, and ``admit`` agrees to."""
    viewer = context.require_viewer()
    async for change in feed.stream(after):
        if change.concerns(viewer.user_id) and (admit is None or await admit(viewer, change)):
            yield change
