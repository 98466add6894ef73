"""ASGI app of the calendars subgraph."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.calendars.repository import ShareRepository, ensure_indexes
from subgraphs.calendars.schema import schema
from subgraphs.calendars.service import ShareService
from subgraphs.common import ChangeFeed, Document, SubgraphSettings, create_subgraph_app


class CalendarsSettings(SubgraphSettings):
    """``CALENDARS_*`` variables (host, port, database), plus the shared ones."""

    model_config = SettingsConfigDict(env_prefix="CALENDARS_")
    name: ClassVar[str] = "calendars"
    port: int = 4005
    mongodb_db: str = "calendars"


async def build_services(
    db: AsyncDatabase[Document], _: SubgraphSettings, changes: ChangeFeed
) -> ShareService:
    return ShareService(ShareRepository(db), changes)


app = create_subgraph_app(
    settings=CalendarsSettings(),
    schema=schema,
    build_services=build_services,
    ensure_indexes=ensure_indexes,
)
