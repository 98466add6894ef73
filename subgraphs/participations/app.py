"""ASGI app of the participations subgraph."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common.app import create_subgraph_app
from subgraphs.common.mongo import Document
from subgraphs.common.settings import SubgraphSettings, load_settings
from subgraphs.participations.repository import ParticipationRepository, ensure_indexes
from subgraphs.participations.schema import schema
from subgraphs.participations.service import ParticipationService


async def build_services(db: AsyncDatabase[Document], _: SubgraphSettings) -> ParticipationService:
    return ParticipationService(ParticipationRepository(db))


app = create_subgraph_app(
    settings=load_settings("participations"),
    schema=schema,
    build_services=build_services,
    ensure_indexes=ensure_indexes,
)
