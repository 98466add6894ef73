"""Plumbing shared by every subgraph: settings, MongoDB lifecycle, auth, errors, app factory.

The subgraphs import from here; the submodules hold one concern each.
"""

from subgraphs.common import validation
from subgraphs.common.app import create_subgraph_app
from subgraphs.common.changes import Change, ChangeFeed
from subgraphs.common.clock import utc_now
from subgraphs.common.connections import (
    Connection,
    Listing,
    PageRequest,
    Sort,
    find_listing,
    to_connection,
)
from subgraphs.common.context import BatchLoad, SubgraphContext
from subgraphs.common.cost import assumed_size, paginated, weighted
from subgraphs.common.entities import EntityStub, maybe
from subgraphs.common.errors import (
    BadUserInput,
    Conflict,
    Forbidden,
    NotFound,
    RateLimited,
    Unauthenticated,
)
from subgraphs.common.fields import (
    authenticated_field,
    authenticated_mutation,
    authenticated_subscription,
    internal_field,
    internal_mutation,
)
from subgraphs.common.ids import new_id, optional_id, ordered_by_keys, viewer_id
from subgraphs.common.loaders import RequestLoader, batch_loader, viewer_batch_loader
from subgraphs.common.mongo import Document
from subgraphs.common.references import reference_argument
from subgraphs.common.schema import build_schema, described_field
from subgraphs.common.serve import serve
from subgraphs.common.settings import SubgraphSettings
from subgraphs.common.subscriptions import viewer_changes
from subgraphs.common.validation import object_id

__all__ = [
    "BadUserInput",
    "BatchLoad",
    "Change",
    "ChangeFeed",
    "Conflict",
    "Connection",
    "Document",
    "EntityStub",
    "Forbidden",
    "Listing",
    "NotFound",
    "PageRequest",
    "RateLimited",
    "RequestLoader",
    "Sort",
    "SubgraphContext",
    "SubgraphSettings",
    "Unauthenticated",
    "assumed_size",
    "authenticated_field",
    "authenticated_mutation",
    "authenticated_subscription",
    "batch_loader",
    "build_schema",
    "create_subgraph_app",
    "described_field",
    "find_listing",
    "internal_field",
    "internal_mutation",
    "maybe",
    "new_id",
    "object_id",
    "optional_id",
    "ordered_by_keys",
    "paginated",
    "reference_argument",
    "serve",
    "to_connection",
    "utc_now",
    "validation",
    "viewer_batch_loader",
    "viewer_changes",
    "viewer_id",
    "weighted",
]
