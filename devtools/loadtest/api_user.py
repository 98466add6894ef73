"""A third-party client of the public GraphQL API (the router) with a user's bearer token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from devtools.loadtest import operations as ops
from devtools.loadtest.clients import ApiClient
from devtools.loadtest.recorder import Recorder
from devtools.loadtest.user import ANSWERS, PASSWORD, Action, SimulatedUser


@dataclass(kw_only=True)
class ApiUser(SimulatedUser):
    api: ApiClient  # one client (and token) for the whole load test

    def actions(self) -> dict[str, tuple[float, Action]]:
        return {
            "calendar": (4, self._calendar),
            "public": (2, self._public_events),
            "event": (2, self._event),
            "create": (1, self._create_event),
            "invite": (1.5, self._invite),
            "respond": (1.5, self._respond),
            "log in again": (0.2, self.log_in),
        }

    async def close(self) -> None:
        await self.api.close()

    async def log_in(self, recorder: Recorder) -> None:
        self.logged_in = False
        with recorder.measure("api: log in"):
            variables = {"u": self.account.username, "p": PASSWORD}
            self.api.token = (await self.api.data(ops.LOGIN, variables))["login"]["token"]
        self.logged_in = True

    async def _calendar(self, recorder: Recorder) -> None:
        now = datetime.now(UTC)
        variables = {"from": _iso(now - timedelta(days=7)), "to": _iso(now + timedelta(days=35))}
        with recorder.measure("api: my calendar"):
            data = await self.api.data(ops.MY_CALENDAR, variables)
        invited = [node["event"] for node in data["myInvitations"]["nodes"] if node["event"]]
        self.remember_events([event["id"] for event in [*data["myEvents"]["nodes"], *invited]])

    async def _public_events(self, recorder: Recorder) -> None:
        with recorder.measure("api: public events"):
            data = await self.api.data(ops.PUBLIC_EVENTS)
        self.remember_events([node["id"] for node in data["publicEvents"]["nodes"]][:5])

    async def _event(self, recorder: Recorder) -> None:
        known = self.own_events + self.seen_events
        if not known:
            return await self._calendar(recorder)
        with recorder.measure("api: event"):
            await self.api.data(ops.EVENT, {"id": self.rng.choice(known)})

    async def _create_event(self, recorder: Recorder) -> None:
        starts = self.start_time()
        event = {
            "title": f"API event of {self.account.username}",
            "startsAt": _iso(starts),
            "endsAt": _iso(starts + timedelta(minutes=30)),
            "isPublic": self.rng.random() < 0.3,
        }
        with recorder.measure("api: create event"):
            data = await self.api.data(ops.CREATE_EVENT, {"input": event})
        self.own_events.append(data["createEvent"]["id"])

    async def _invite(self, recorder: Recorder) -> None:
        pair = self.invitation_to_send()
        if pair is None:
            return await self._create_event(recorder)
        event_id, invitee = pair
        self.invited.add((event_id, invitee.id))
        with recorder.measure("api: invite"):
            await self.api.data(ops.INVITE, {"eventId": event_id, "inviteeId": invitee.id})

    async def _respond(self, recorder: Recorder) -> None:
        with recorder.measure("api: pending invitations"):
            pending = (await self.api.data(ops.PENDING_INVITATIONS))["myInvitations"]["nodes"]
        if not pending:
            return
        with recorder.measure("api: answer invitation"):
            variables = {"id": self.rng.choice(pending)["id"], "status": self.rng.choice(ANSWERS)}
            await self.api.data(ops.RESPOND, variables)


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")
