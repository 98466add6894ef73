"""GraphQL types of free/busy answers."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from subgraphs.events.free_busy import Availability


@strawberry.enum(description="KNOWN: the periods are all of it. UNKNOWN: not shared with you.")
class FreeBusyStatus(Enum):
    KNOWN = "KNOWN"
    UNKNOWN = "UNKNOWN"


@strawberry.type(description="A time someone is busy.")
class BusyPeriod:
    starts_at: datetime
    ends_at: datetime


@strawberry.type(description="When one person is busy in the range asked for.")
class FreeBusy:
    user_id: strawberry.ID
    status: FreeBusyStatus
    busy: list[BusyPeriod] = strawberry.field(
        description="Merged busy periods (empty when UNKNOWN: nothing is revealed)."
    )

    @classmethod
    def of(cls, availability: Availability) -> FreeBusy:
        return cls(
            user_id=strawberry.ID(availability.user_id),
            status=FreeBusyStatus.KNOWN if availability.known else FreeBusyStatus.UNKNOWN,
            busy=[BusyPeriod(starts_at=p.starts_at, ends_at=p.ends_at) for p in availability.busy],
        )
