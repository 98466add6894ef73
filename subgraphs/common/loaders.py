"""Request-scoped batch loaders over the services' batch methods: a request's keys cost one
query per loader, however many resolvers ask for them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import partial

from bson import ObjectId
from strawberry.dataloader import DataLoader

from subgraphs.common.context import BatchLoad, SubgraphContext
from subgraphs.common.ids import optional_id, viewer_id

type Batch[S, K, V] = Callable[[SubgraphContext[S]], BatchLoad[K, V]]


@dataclass(frozen=True)
class RequestLoader[S, K: Hashable, V]:
    """A named DataLoader per request; ``batch`` makes its load function from the context."""

    name: str
    batch: Batch[S, K, V]

    def of(self, context: SubgraphContext[S]) -> DataLoader[K, V]:
        """This request's loader (made on first use)."""
        return context.loader(self.name, self.batch(context))

    async def load_id(
        self: RequestLoader[S, ObjectId, V], context: SubgraphContext[S], id: str
    ) -> V | None:
        """The value for an entity id; ``None`` for a malformed one (after ``batch`` has
        checked the caller)."""
        loader = self.of(context)
        key = optional_id(id)
        return None if key is None else await loader.load(key)


def batch_loader[S, K: Hashable, V](
    name: str, method: Callable[[S, Sequence[K]], Awaitable[Sequence[V]]]
) -> RequestLoader[S, K, V]:
    """A loader over ``method`` of the services, the same for every caller."""
    return RequestLoader(name, lambda context: partial(method, context.services))


def viewer_batch_loader[S, V](
    name: str, method: Callable[[S, ObjectId, Sequence[ObjectId]], Awaitable[Sequence[V]]]
) -> RequestLoader[S, ObjectId, V]:
    """A loader over ``method`` of the services for the authenticated caller
    (UNAUTHENTICATED without one)."""
    return RequestLoader(
        name, lambda context: partial(method, context.services, viewer_id(context))
    )
