"""ASGI app of the invitations subgraph."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict
from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common import ChangeFeed, Document, SubgraphSettings, create_subgraph_app
from subgraphs.invitations.repository import InvitationRepository, ensure_indexes
from subgraphs.invitations.schema import schema
from subgraphs.invitations.service import InvitationService


class InvitationsSettings(SubgraphSettings):
    """``INVITATIONS_*`` variables (host, port, database), plus the shared ones."""

    model_config = SettingsConfigDict(env_prefix="INVITATIONS_")
    name: ClassVar[str] = "invitations"
    port: int = 4003
    mongodb_db: str = "invitations"


async def build_services(
    db: AsyncDatabase[Document], _: SubgraphSettings, changes: ChangeFeed
) -> InvitationService:
    return InvitationService(InvitationRepository(db), changes)


app = create_subgraph_app(
    settings=InvitationsSettings(),
    schema=schema,
    build_services=build_services,
    ensure_indexes=ensure_indexes,
)
