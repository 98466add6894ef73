"""ASGI app of the calendars subgraph."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.calendars.repository import ShareRepository, ensure_indexes
from subgraphs.calendars.schema import schema
from subgraphs.calendars.service import ShareService
from subgraphs.common.app import create_subgraph_app
from subgraphs.common.mongo import Document
from subgraphs.common.settings import SubgraphSettings, load_settings


async def build_services(db: AsyncDatabase[Document], _: SubgraphSettings) -> ShareService:
    return ShareService(ShareRepository(db))


app = create_subgraph_app(
    settings=load_settings("calendars"),
    schema=schema,
    build_services=build_services,
    ensure_indexes=ensure_indexes,
)
