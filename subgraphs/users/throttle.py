"""Login and registration throttling with progressive delays an attacker cannot turn against
the account's owner.

Failed logins are counted three ways, each a :class:`DelayRule` (a few free failures, then
waits that double up to a ceiling):

- per account *and* client address (``pair``): one client guessing one password;
- per account over the clients that never logged into it (``account``): a botnet spreading
  its guesses over many addresses. A client that logged into the account before (a
  ``known`` marker, kept for weeks) is exempt, so the owner still gets in from their own
  client while the account is attacked from elsewhere;
- per client over all accounts (``client``): one address trying many accounts.

Counters live in the users database, so every replica (and a restarted one) sees the same
ones. Per attempt: one read before the password is checked; one write per failure (all
counters in one round trip); a success clears its ``pair`` counter (if any) and marks the
client known (a write at most once a day per client, so a usual login writes nothing).
Unknown usernames are counted like real ones, so a delay reveals nothing about which accounts
exist.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from subgraphs.common.clock import utc_now
from subgraphs.common.errors import RateLimited
from subgraphs.users.attempts import AttemptCounter, AttemptRepository, DelayRule
from subgraphs.users.settings import UsersSettings

MAX_KEY_LENGTH = 64  # usernames are at most 32 characters, IP addresses at most 45
MARKER_REFRESH = timedelta(days=1)  # a known client's marker is rewritten at most daily


@dataclass(frozen=True)
class LoginAttempt:
    """Who is trying: the case-folded username and the client's address (if known)."""

    username_key: str
    client: str | None = None

    @property
    def account_key(self) -> str:
        return f"account:{self.username_key[:MAX_KEY_LENGTH]}"

    def client_keys(self) -> tuple[str, str, str] | None:
        """The ``pair``, ``client`` and ``known`` keys; None without an address."""
        if self.client is None:
            return None
        account, client = self.username_key[:MAX_KEY_LENGTH], self.client[:MAX_KEY_LENGTH]
        return f"pair:{account}|{client}", f"client:{client}", f"known:{account}|{client}"


@dataclass(frozen=True)
class LoginRules:
    """``None`` turns that limit off."""

    pair: DelayRule | None
    account: DelayRule | None
    client: DelayRule | None
    known_client_for: timedelta


@dataclass(frozen=True)
class Admission:
    """An attempt allowed to check its password, and what its outcome must update."""

    rules: dict[str, DelayRule]
    reset_key: str | None = None  # the pair counter to clear on success, if there is one
    mark_key: str | None = None  # the known-client marker to store, unless fresh enough


class LoginThrottle:
    def __init__(self, counters: AttemptRepository, rules: LoginRules) -> None:
        self._counters = counters
        self._rules = rules

    @classmethod
    def from_settings(cls, counters: AttemptRepository, settings: UsersSettings) -> LoginThrottle:
        window = timedelta(seconds=settings.login_failure_window_seconds)
        first = timedelta(seconds=settings.login_first_delay_seconds)
        ceiling = timedelta(seconds=settings.login_max_delay_seconds)

        def rule(free: int) -> DelayRule | None:
            return DelayRule(free, window, first, ceiling) if free > 0 else None

        return cls(
            counters,
            LoginRules(
                pair=rule(settings.login_free_failures),
                account=rule(settings.login_account_free_failures),
                client=rule(settings.login_client_free_failures),
                known_client_for=timedelta(days=settings.login_known_client_days),
            ),
        )

    async def admit(self, attempt: LoginAttempt) -> Admission:
        """The attempt may check its password; ``RateLimited`` while it must wait."""
        rules: dict[str, DelayRule] = {}
        if self._rules.account is not None:
            rules[attempt.account_key] = self._rules.account
        keys = attempt.client_keys()
        pair_key = known_key = None
        if keys is not None:
            pair_key, client_key, known_key = keys
            if self._rules.pair is not None:
                rules[pair_key] = self._rules.pair
            if self._rules.client is not None:
                rules[client_key] = self._rules.client
        stored = await self._counters.counters([*rules, *([known_key] if known_key else [])])
        now = utc_now()
        marker = stored.get(known_key) if known_key else None
        known_until = marker.expires_at if marker and marker.expires_at else now
        exempt = {attempt.account_key} if known_until > now else set()
        waits = [
            _blocked_until(stored.get(key), rule, now)
            for key, rule in rules.items()
            if key not in exempt
        ]
        until = max((wait for wait in waits if wait is not None), default=None)
        if until is not None:
            raise _rate_limited(until, now, "failed login attempts")
        fresh = known_until > now + self._rules.known_client_for - MARKER_REFRESH
        reset = pair_key if pair_key in stored else None
        return Admission(rules, reset, None if fresh else known_key)

    async def failed(self, admission: Admission) -> None:
        await self._counters.record(admission.rules, utc_now())

    async def succeeded(self, admission: Admission) -> None:
        """The right password: this client starts afresh and is known for the account.

        The account-wide counter stays: the owner logging in does not hand an attacker a new
        batch of free guesses.
        """
        until = utc_now() + self._rules.known_client_for
        await self._counters.reset_and_mark(admission.reset_key, admission.mark_key, until)


class RegistrationThrottle:
    """At most ``rule.free`` registrations (taken usernames included) per client address
    within the window; then RATE_LIMITED. Unknown clients (no address) are not limited: only
    the router's calls carry one."""

    def __init__(self, counters: AttemptRepository, rule: DelayRule | None) -> None:
        self._counters = counters
        self._rule = rule

    @classmethod
    def from_settings(
        cls, counters: AttemptRepository, settings: UsersSettings
    ) -> RegistrationThrottle:
        window = timedelta(seconds=settings.registration_window_seconds)
        limit = settings.registration_client_max
        return cls(counters, DelayRule(limit, window, window, window) if limit > 0 else None)

    async def count(self, client: str | None) -> None:
        """Count one registration of ``client``; ``RateLimited`` once it used up its quota."""
        if self._rule is None or client is None:
            return
        key = f"register:{client[:MAX_KEY_LENGTH]}"
        now = utc_now()
        until = _blocked_until((await self._counters.counters([key])).get(key), self._rule, now)
        if until is not None:
            raise _rate_limited(until, now, "registrations from your address")
        await self._counters.record({key: self._rule}, now)


def first_forwarded_address(header: str | None) -> str | None:
    """The client address from ``X-Forwarded-For`` (its first entry), or ``None``."""
    if header is None:
        return None
    address = header.split(",", 1)[0].strip()
    return address or None


def _blocked_until(
    counter: AttemptCounter | None, rule: DelayRule, now: datetime
) -> datetime | None:
    return None if counter is None else counter.blocked_until(rule, now)


def _rate_limited(until: datetime, now: datetime, what: str) -> RateLimited:
    seconds = max(1, math.ceil((until - now).total_seconds()))
    return RateLimited(f"Too many {what}. Try again in {_duration(seconds)}.", retryAfter=seconds)


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
