"""ASGI app of the participations subgraph."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common import ChangeFeed, Document, SubgraphSettings, create_subgraph_app
from subgraphs.participations.repository import ParticipationRepository, ensure_indexes
from subgraphs.participations.schema import schema
from subgraphs.participations.service import ParticipationService


class ParticipationsSettings(SubgraphSettings):
    """``PARTICIPATIONS_*`` variables (host, port, database), plus the shared ones."""

    model_config = SettingsConfigDict(env_prefix="PARTICIPATIONS_")
    name: ClassVar[str] = "participations"
    port: int = 4004
    mongodb_db: str = "participations"


async def build_services(
    db: AsyncDatabase[Document], _: SubgraphSettings, changes: ChangeFeed
) -> ParticipationService:
    return ParticipationService(ParticipationRepository(db), changes)


app = create_subgraph_app(
    settings=ParticipationsSettings(),
    schema=schema,
    build_services=build_services,
    ensure_indexes=ensure_indexes,
)
