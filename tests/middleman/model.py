"""A seeded random workload for the model-based integrity test: several users interleave
invite / answer / cancel / join / leave / remove participant / delete event / share / revoke /
delete account through the router, in concurrent batches, while faults come and go.

The model keeps what the users know (their events, the invitations they sent and got) to pick
meaningful operations; whether each one succeeds is up to the platform. What must hold at the
end is checked by ``tests.middleman.invariants``.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.middleman import operations as op
from tests.middleman.conftest import CREATE_EVENT, Person, Platform, codes, new_person
from tests.support.accounts import LOGIN, PASSWORD, credentials

type Op = Callable[[], Awaitable[dict[str, Any]]]

ANSWERS = ("ACCEPTED", "DECLINED", "TENTATIVE")
LEVELS = ("FREE_BUSY", "DETAILS")
START = "2030-03-01T10:00:00Z"
END = "2030-03-01T12:00:00Z"


@dataclass(frozen=True)
class Invitation:
    id: str
    event: str
    owner: Person
    invitee: Person


@dataclass
class Model:
    """What the users know, and the tally of what happened."""

    rng: random.Random
    people: list[Person] = field(default_factory=list)
    events: dict[str, Person] = field(default_factory=dict)  # event -> owner
    invitations: list[Invitation] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)  # user id -> newest access token
    deleted_accounts: int = 0
    max_deleted_accounts: int = 3
    operations: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)

    def person(self) -> Person:
        return self.rng.choice(self.people)

    def other(self, person: Person) -> Person:
        return self.rng.choice([p for p in self.people if p.id != person.id] or [person])

    def event(self) -> tuple[str, Person] | None:
        if not self.events:
            return None
        event = self.rng.choice(sorted(self.events))
        return event, self.events[event]


TOKEN_RENEWAL = 120.0  # seconds between logins (access tokens live 5 minutes)


class Workload:
    def __init__(self, platform: Platform, model: Model) -> None:
        self._platform = platform
        self._model = model
        self._logged_in_at = time.monotonic()

    def _token(self, person: Person) -> str:
        return self._model.tokens.get(person.id, person.token)

    async def renew_tokens(self, *, now: bool = False) -> None:
        """Log everyone in again before their tokens expire; while the router or the users
        subgraph is down, the old tokens are kept and the next batch tries again."""
        if not now and time.monotonic() - self._logged_in_at < TOKEN_RENEWAL:
            return
        renewed = True
        for person in self._model.people:
            try:
                body = await self._platform.graphql(LOGIN, credentials(person.username))
            except httpx.HTTPError:
                renewed = False
                continue
            login = (body.get("data") or {}).get("login")
            if login:
                self._model.tokens[person.id] = login["token"]
            else:
                renewed = False
        if renewed:
            self._logged_in_at = time.monotonic()

    async def populate(self, size: int) -> None:
        for _ in range(size):
            self._model.people.append(await new_person(self._platform, "model"))
        for person in list(self._model.people):
            await self._create_event(person)

    async def batch(self, size: int) -> None:
        """``size`` operations at once (some on the same pair, to race)."""
        await self.renew_tokens()
        chosen = [self._pick() for _ in range(size)]
        if self._model.invitations and self._model.rng.random() < 0.3:
            chosen.append(self._answer_race())
        results = await asyncio.gather(*(run() for run in chosen), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                self._model.outcomes[f"exception:{type(result).__name__}"] += 1
            else:
                self._model.outcomes[",".join(sorted(set(codes(result)))) or "ok"] += 1
                _no_internals(result)

    # -- choosing ----------------------------------------------------------------------------

    def _pick(self) -> Op:
        rng = self._model.rng
        kinds: list[tuple[str, float]] = [
            ("create", 1.0),
            ("invite", 3.0),
            ("answer", 3.0),
            ("cancel", 1.0),
            ("join", 2.0),
            ("leave", 1.5),
            ("remove", 1.0),
            ("delete_event", 0.5),
            ("share", 1.0),
            ("revoke", 0.7),
            ("delete_account", 0.15),
        ]
        kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        if kind == "delete_account" and (
            self._model.deleted_accounts >= self._model.max_deleted_accounts
        ):
            kind = "invite"
        self._model.operations[kind] += 1
        builder: Callable[[], Op] = getattr(self, f"_op_{kind}")
        return builder()

    def _send(self, query: str, variables: dict[str, Any], person: Person) -> Op:
        async def run() -> dict[str, Any]:
            return await self._platform.graphql(query, variables, self._token(person))

        return run

    def _op_create(self) -> Op:
        person = self._model.person()

        async def run() -> dict[str, Any]:
            return await self._create_event(person)

        return run

    def _op_invite(self) -> Op:
        picked = self._model.event()
        if picked is None:
            return self._op_create()
        event, owner = picked
        invitee = self._model.other(owner)

        async def run() -> dict[str, Any]:
            body = await self._platform.graphql(
                op.INVITE, {"e": event, "u": invitee.id}, self._token(owner)
            )
            invited = (body.get("data") or {}).get("invite")
            if invited:
                self._model.invitations.append(Invitation(invited["id"], event, owner, invitee))
            return body

        return run

    def _invitation(self) -> Invitation | None:
        if not self._model.invitations:
            return None
        return self._model.rng.choice(self._model.invitations)

    def _op_answer(self) -> Op:
        invitation = self._invitation()
        if invitation is None:
            return self._op_invite()
        status = self._model.rng.choice(ANSWERS)
        return self._send(op.RESPOND, {"id": invitation.id, "s": status}, invitation.invitee)

    def _answer_race(self) -> Op:
        """Opposite answers to one invitation at the same time."""
        invitation = self._invitation()
        assert invitation is not None
        self._model.operations["answer_race"] += 1
        first = self._send(op.RESPOND, {"id": invitation.id, "s": "ACCEPTED"}, invitation.invitee)
        second = self._send(op.RESPOND, {"id": invitation.id, "s": "DECLINED"}, invitation.invitee)

        async def run() -> dict[str, Any]:
            bodies = await asyncio.gather(first(), second())
            return bodies[-1]

        return run

    def _op_cancel(self) -> Op:
        invitation = self._invitation()
        if invitation is None:
            return self._op_invite()
        return self._send(op.CANCEL, {"id": invitation.id}, invitation.owner)

    def _op_join(self) -> Op:
        picked = self._model.event()
        if picked is None:
            return self._op_create()
        invitation = self._invitation()
        if invitation is not None and self._model.rng.random() < 0.5:
            return self._send(op.JOIN, {"e": invitation.event}, invitation.invitee)
        return self._send(op.JOIN, {"e": picked[0]}, self._model.person())

    def _op_leave(self) -> Op:
        invitation = self._invitation()
        if invitation is None:
            return self._op_join()
        return self._send(op.LEAVE, {"e": invitation.event}, invitation.invitee)

    def _op_remove(self) -> Op:
        invitation = self._invitation()
        if invitation is None:
            return self._op_invite()
        variables = {"e": invitation.event, "u": invitation.invitee.id}
        return self._send(op.REMOVE_PARTICIPANT, variables, invitation.owner)

    def _op_delete_event(self) -> Op:
        picked = self._model.event()
        if picked is None:
            return self._op_create()
        event, owner = picked
        return self._send(op.DELETE, {"id": event}, owner)

    def _op_share(self) -> Op:
        owner = self._model.person()
        level = self._model.rng.choice(LEVELS)
        return self._send(op.SHARE, {"g": self._model.other(owner).id, "l": level}, owner)

    def _op_revoke(self) -> Op:
        owner = self._model.person()
        return self._send(op.REVOKE, {"g": self._model.other(owner).id}, owner)

    def _op_delete_account(self) -> Op:
        person = self._model.person()
        self._model.deleted_accounts += 1

        async def run() -> dict[str, Any]:
            body = await self._platform.graphql(
                op.DELETE_ACCOUNT, {"p": PASSWORD}, self._token(person)
            )
            if (body.get("data") or {}).get("deleteAccount"):
                model = self._model
                model.people = [p for p in model.people if p.id != person.id]
                model.people.append(await new_person(self._platform, "model"))
            return body

        return run

    async def _create_event(self, owner: Person) -> dict[str, Any]:
        public = self._model.rng.random() < 0.4
        variables = {
            "input": {"title": "Model event", "startsAt": START, "endsAt": END, "isPublic": public}
        }
        body = await self._platform.graphql(CREATE_EVENT, variables, self._token(owner))
        created = (body.get("data") or {}).get("createEvent")
        if created:
            self._model.events[created["id"]] = owner
        return body


_INTERNALS = re.compile(r"Traceback|\b[A-Z][A-Za-z]+(Error|Exception)\b")


def _no_internals(body: dict[str, Any]) -> None:
    """Whatever failed, the client never sees a stack trace or an exception class."""
    for error in body.get("errors") or ():
        assert not _INTERNALS.search(str(error.get("message", ""))), error
