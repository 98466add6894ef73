"""A simulated person: arrives during the ramp-up, logs in, then picks actions at random with
a pause between two, until the run's deadline. Subclasses are the two kinds of clients."""

from __future__ import annotations

import asyncio
import contextlib
import random
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypedDict

from devtools.loadtest.recorder import FlowAborted, Recorder
from devtools.loadtest.settings import LoadSettings

PASSWORD = "load-test-password"
ANSWERS = ("ACCEPTED", "TENTATIVE", "DECLINED")
RETRY_LOGIN_AFTER = (5.0, 10.0)  # seconds: a person reads the error before trying again

type Action = Callable[[Recorder], Awaitable[None]]


@dataclass(frozen=True)
class Account:
    id: str
    username: str


class Basics(TypedDict):
    """What every kind of simulated user is made of (their client comes on top)."""

    account: Account
    people: Sequence[Account]
    settings: LoadSettings
    rng: random.Random
    arrival: float


@dataclass(kw_only=True)
class SimulatedUser(ABC):
    account: Account
    people: Sequence[Account]  # everyone, to invite
    settings: LoadSettings
    rng: random.Random
    arrival: float = 0.0  # seconds after the first run starts (users arrive one by one)
    own_events: list[str] = field(default_factory=list)
    seen_events: list[str] = field(default_factory=list)
    invited: set[tuple[str, str]] = field(default_factory=set)  # (event, invitee) sent
    logged_in: bool = False  # stays True from one run to the next (the session is kept)

    @abstractmethod
    def actions(self) -> dict[str, tuple[float, Action]]:
        """name -> (weight, action)."""

    @abstractmethod
    async def log_in(self, recorder: Recorder) -> None:
        """Log in; sets ``logged_in`` on success."""

    @abstractmethod
    async def close(self) -> None: ...

    async def run(self, recorder: Recorder, deadline: float) -> None:
        """Arrive (at ``arrival`` the first time), log in unless still logged in from an
        earlier run, then act until ``deadline``."""
        loop = asyncio.get_running_loop()
        first_time = not self.logged_in
        await asyncio.sleep(self.arrival if first_time else self.rng.uniform(0, 1))
        actions = self.actions()
        names, weights = list(actions), [weight for weight, _ in actions.values()]
        while loop.time() < deadline:
            action: Action = self.log_in
            if self.logged_in:
                action = actions[self.rng.choices(names, weights)[0]][1]
            with contextlib.suppress(FlowAborted):  # recorded; the next action starts afresh
                await action(recorder)
            pause = (self.settings.think_min, self.settings.think_max)
            await asyncio.sleep(self.rng.uniform(*pause if self.logged_in else RETRY_LOGIN_AFTER))

    def invitation_to_send(self) -> tuple[str, Account] | None:
        """One of the user's recent events and someone not invited to it yet."""
        if not self.own_events:
            return None
        event_id = self.rng.choice(self.own_events[-5:])
        others = [
            person
            for person in self.people
            if person.id != self.account.id and (event_id, person.id) not in self.invited
        ]
        return (event_id, self.rng.choice(others)) if others else None

    def start_time(self) -> datetime:
        """A start within the next three weeks, on the hour (the calendar pages show them)."""
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        return now + timedelta(hours=self.rng.randint(1, 21 * 24))

    def remember_events(self, event_ids: Sequence[str]) -> None:
        if event_ids:
            self.seen_events = list(dict.fromkeys([*event_ids, *self.seen_events]))[:20]
