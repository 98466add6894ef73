"""Relay-style connections: generic ``<Node>Connection``/``<Node>Edge`` types and the MongoDB
query that fills one page (ascending or descending on a sort field, ties broken by ``_id``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection

from subgraphs.common.cost import weighted
from subgraphs.common.mongo import Document
from subgraphs.common.pagination import Cursor, Page, PageInfo, after_filter
from subgraphs.common.schema import described_field
from subgraphs.common.validation import page_size

NodeT = TypeVar("NodeT")

type CountFn = Callable[[], Awaitable[int]]
type CursoredPage[R] = Page[tuple[str, R]]


@dataclass(frozen=True)
class PageRequest:
    """A validated ``first``/``after`` pair."""

    first: int
    after: Cursor | None

    @classmethod
    def parse(cls, first: int, after: str | None, *, maximum: int = 100) -> PageRequest:
        """Validate ``first`` (1..maximum) and decode ``after`` (BAD_USER_INPUT naming the
        field)."""
        cursor = None if after is None else Cursor.decode(after)
        return cls(page_size(first, maximum=maximum), cursor)


@dataclass(frozen=True)
class Sort:
    """The order of a list: one field, then ``_id`` in the same direction."""

    field: str
    descending: bool = False

    def after(self, cursor: Cursor | None) -> dict[str, Any]:
        """Filter selecting the documents that come after ``cursor`` in this order."""
        if cursor is None or not self.descending:
            return after_filter(self.field, cursor)
        return {
            "$or": [
                {self.field: {"$lt": cursor.value}},
                {self.field: cursor.value, "_id": {"$lt": cursor.id}},
            ]
        }

    def spec(self) -> list[tuple[str, int]]:
        direction = DESCENDING if self.descending else ASCENDING
        return [(self.field, direction), ("_id", direction)]


async def find_page(
    collection: AsyncCollection[Document],
    query: dict[str, Any],
    request: PageRequest,
    sort: Sort,
) -> CursoredPage[Document]:
    """One page of ``query`` in ``sort`` order, each document with its cursor."""
    after = sort.after(request.after)
    combined = {"$and": [query, after]} if after else query
    documents = await collection.find(combined).sort(sort.spec()).limit(request.first + 1).to_list()
    items = [
        (Cursor(document[sort.field], document["_id"]).encode(), document)
        for document in documents[: request.first]
    ]
    end_cursor = items[-1][0] if items else None
    return Page(items, len(documents) > request.first, end_cursor)


@dataclass(frozen=True)
class Listing[R]:
    """A page of a list plus how to count the whole list (only if a client asks)."""

    page: CursoredPage[R]
    count: CountFn

    def map[S](self, convert: Callable[[R], S]) -> Listing[S]:
        """The same listing with every item converted (cursors kept)."""
        return Listing(map_page(self.page, convert), self.count)

    @staticmethod
    def empty() -> Listing[Any]:
        """A listing with no items (e.g. a list the caller may not see)."""
        return Listing(Page([], False, None), _zero)


async def _zero() -> int:
    return 0


def map_page[R, S](page: CursoredPage[R], convert: Callable[[R], S]) -> CursoredPage[S]:
    """The same page with every item converted (cursors kept)."""
    items = [(cursor, convert(item)) for cursor, item in page.items]
    return Page(items, page.has_next_page, page.end_cursor)


@strawberry.type(description="One item of a list and the cursor to continue after it.")
class Edge(Generic[NodeT]):  # noqa: UP046 - Strawberry names generics from TypeVars
    cursor: str
    node: NodeT


@strawberry.type(description="A page of a list (Relay cursor connection).")
class Connection(Generic[NodeT]):  # noqa: UP046 - Strawberry names generics from TypeVars
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    count: strawberry.Private[CountFn]

    @described_field("The nodes of this page, for clients that need no cursors.")
    def nodes(self) -> list[NodeT]:
        return [edge.node for edge in self.edges]

    @weighted(2)  # one more database query
    @described_field("How many items the whole list holds (counted on demand).")
    async def total_count(self) -> int:
        return await self.count()


def to_connection[R, N](listing: Listing[R], to_node: Callable[[R], N]) -> Connection[N]:
    """A GraphQL connection; the count runs only if ``totalCount`` is selected."""
    page = listing.page
    edges = [Edge(cursor=cursor, node=to_node(item)) for cursor, item in page.items]
    page_info = PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor)
    return Connection(edges=edges, page_info=page_info, count=listing.count)


async def find_listing[R](
    collection: AsyncCollection[Document],
    query: dict[str, Any],
    request: PageRequest,
    sort: Sort,
    convert: Callable[[Document], R],
) -> Listing[R]:
    """One page of ``query`` converted to records, with a lazy count of all matches."""
    page = await find_page(collection, query, request, sort)

    async def count() -> int:
        return await collection.count_documents(query)

    return Listing(map_page(page, convert), count)
