"""Per-request GraphQL context: the caller, the subgraph's services, request-scoped loaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from subgraphs.common.auth import Viewer
from subgraphs.common.errors import Unauthenticated

type BatchLoad[K, V] = Callable[[Sequence[K]], Awaitable[Sequence[V]]]


@dataclass
class SubgraphContext[S](BaseContext):
    """What every resolver sees as ``info.context``."""

    services: S
    viewer: Viewer | None = None  # from the router's credential; None: anonymous
    _loaders: dict[str, DataLoader[Any, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()

    @property
    def user_id(self) -> str | None:
        """The caller's user id as the credential names it; ``None``: anonymous."""
        return None if self.viewer is None else self.viewer.user_id

    def require_viewer(self) -> Viewer:
        """The authenticated caller, or an UNAUTHENTICATED error."""
        if self.viewer is None:
            raise Unauthenticated()
        return self.viewer

    def loader[K: Hashable, V](self, name: str, load: BatchLoad[K, V]) -> DataLoader[K, V]:
        """A DataLoader shared by this request, so a batch of keys costs one query."""
        existing = self._loaders.get(name)
        if existing is None:
            existing = DataLoader(load_fn=load)
            self._loaders[name] = existing
        return existing
