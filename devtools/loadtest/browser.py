"""A person using the web app in a browser: pages, forms with their CSRF token, and the htmx
requests the pages send (people search, invite, answer an invitation)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from devtools.loadtest.clients import CSRF_FIELD, WebClient
from devtools.loadtest.recorder import ActionFailed, Recorder
from devtools.loadtest.user import ANSWERS, PASSWORD, Action, SimulatedUser

EVENT_LINK = re.compile(r'href="/events/([0-9a-f]{24})/"')
RESPOND_FORM = re.compile(r'action="/invitations/([0-9a-f]{24})/respond/"')
INVITEE_FIELD = re.compile(r'name="invitee_id" value="([0-9a-f]{24})"')
NEW_EVENT_PAGE = re.compile(r"/events/([0-9a-f]{24})/")


@dataclass(kw_only=True)
class BrowserUser(SimulatedUser):
    web: WebClient  # one browser (session cookie) for the whole load test

    def actions(self) -> dict[str, tuple[float, Action]]:
        """Reads dominate, as on a real calendar."""
        return {
            "month": (4, self._browse("web: month", "/")),
            "week": (2, self._browse("web: week", "/week/")),
            "agenda": (2, self._browse("web: agenda", "/agenda/")),
            "public": (1, self._browse("web: public events", "/events/public/")),
            "event": (3, self._event_page),
            "inbox": (2, self._browse("web: invitations", "/invitations/")),
            "sharing": (0.5, self._browse("web: sharing", "/sharing/")),
            "create": (1, self._create_event),
            "invite": (1.5, self._invite),
            "respond": (1.5, self._respond),
            "log in again": (0.2, self._log_out_and_in),
        }

    async def close(self) -> None:
        await self.web.close()

    async def log_in(self, recorder: Recorder) -> None:
        self.logged_in = False
        with recorder.measure("web: login form"):
            _, token = await self.web.form_token("/accounts/login/")
        with recorder.measure("web: log in"):
            fields = {"username": self.account.username, "password": PASSWORD}
            await self.web.submit("/accounts/login/", token, fields)
        self.logged_in = True

    async def _log_out_and_in(self, recorder: Recorder) -> None:
        with recorder.measure("web: log out"):
            _, token = await self.web.form_token("/")  # the logout form of every page
            self.logged_in = False
            await self.web.submit("/accounts/logout/", token, {})
        await self.log_in(recorder)

    def _browse(self, action: str, path: str) -> Action:
        async def browse(recorder: Recorder) -> None:
            with recorder.measure(action):
                self.remember_events(EVENT_LINK.findall(await self.web.page(path)))

        return browse

    async def _event_page(self, recorder: Recorder) -> None:
        known = self.own_events + self.seen_events
        if not known:
            return await self._browse("web: month", "/")(recorder)
        with recorder.measure("web: event"):
            await self.web.page(f"/events/{self.rng.choice(known)}/")

    async def _create_event(self, recorder: Recorder) -> None:
        with recorder.measure("web: event form"):
            _, token = await self.web.form_token("/events/new/")
        starts = self.start_time()
        fields = {
            "title": f"Web event of {self.account.username}",
            "description": "Created by the load test.",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "time_zone": "UTC",
        }
        if self.rng.random() < 0.3:
            fields["is_public"] = "on"
        with recorder.measure("web: create event"):
            response = await self.web.submit("/events/new/", token, fields)
            location = response.headers.get("location", "")
            created = NEW_EVENT_PAGE.fullmatch(location)
            if created is None:
                raise ActionFailed(f"create event redirected to {location!r}, not to the event")
            self.own_events.append(created[1])
            await self.web.follow(response)

    async def _invite(self, recorder: Recorder) -> None:
        pair = self.invitation_to_send()
        if pair is None:
            return await self._create_event(recorder)
        event_id, invitee = pair
        with recorder.measure("web: find people"):
            query = f"/invitations/event/{event_id}/people/?q={invitee.username}"
            results = await self.web.page(query, htmx=True)
            token = CSRF_FIELD.search(results)
            if invitee.id not in INVITEE_FIELD.findall(results) or token is None:
                raise ActionFailed(f"the people search did not find {invitee.username}")
        with recorder.measure("web: invite"):
            self.invited.add((event_id, invitee.id))
            response = await self.web.submit(
                f"/invitations/event/{event_id}/invite/",
                token[1],
                {"invitee_id": invitee.id},
                htmx=True,
            )
            if "message-success" not in response.text:
                self.invited.discard((event_id, invitee.id))
                raise ActionFailed(f"invite: {response.text[:160]}")

    async def _respond(self, recorder: Recorder) -> None:
        with recorder.measure("web: invitations"):
            page = await self.web.page("/invitations/")
            self.remember_events(EVENT_LINK.findall(page))
        pending = RESPOND_FORM.findall(page)
        token = CSRF_FIELD.search(page)
        if not pending or token is None:
            return
        with recorder.measure("web: answer invitation"):
            fields = {"status": self.rng.choice(ANSWERS), "origin": "inbox"}
            path = f"/invitations/{self.rng.choice(pending)}/respond/"
            await self.web.submit(path, token[1], fields, htmx=True)
