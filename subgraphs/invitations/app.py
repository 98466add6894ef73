"""ASGI app of the invitations subgraph."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from subgraphs.common.app import create_subgraph_app
from subgraphs.common.mongo import Document
from subgraphs.common.settings import SubgraphSettings, load_settings
from subgraphs.invitations.repository import InvitationRepository, ensure_indexes
from subgraphs.invitations.schema import schema
from subgraphs.invitations.service import InvitationService


async def build_services(db: AsyncDatabase[Document], _: SubgraphSettings) -> InvitationService:
    return InvitationService(InvitationRepository(db))


app = create_subgraph_app(
    settings=load_settings("invitations"),
    schema=schema,
    build_services=build_services,
    ensure_indexes=ensure_indexes,
)
