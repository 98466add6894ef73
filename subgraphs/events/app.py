"""The events subgraph app."""

from __future__ import annotations

from typing import ClassVar

from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common import ChangeFeed, Document, SubgraphSettings, create_subgraph_app
from subgraphs.events.access_store import AccessStore, ensure_access_indexes
from subgraphs.events.repository import EventRepository, ensure_indexes
from subgraphs.events.schema import schema
from subgraphs.events.service import EventsService


class EventsSettings(SubgraphSettings):
    """``EVENTS_*`` variables (host, port, database), plus the shared ones."""

    model_config = SettingsConfigDict(env_prefix="EVENTS_")
    name: ClassVar[str] = "events"
    port: int = 4002
    mongodb_db: str = "events"


async def build_services(
    db: AsyncDatabase[Document], _: SubgraphSettings, changes: ChangeFeed
) -> EventsService:
    return EventsService(EventRepository(db), AccessStore(db), changes)


async def ensure_all_indexes(db: AsyncDatabase[Document]) -> None:
    await ensure_indexes(db)
    await ensure_access_indexes(db)


def create_app(settings: SubgraphSettings) -> FastAPI:
    return create_subgraph_app(
        settings=settings,
        schema=schema,
        build_services=build_services,
        ensure_indexes=ensure_all_indexes,
    )


app = create_app(EventsSettings())
