"""Login throttling: too many failed logins for one account or one client lock it out a while.

Counters live in the users database, so every replica sees the same ones. Per attempt: one
read before the password is checked; one write per failure (both counters in one round
trip); a success resets the account's counter (only when there is one). Unknown usernames
are counted like real ones, so a lockout reveals nothing about which accounts exist.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from subgraphs.common.clock import utc_now
from subgraphs.common.errors import RateLimited
from subgraphs.users.repository import FailureRule, LoginFailureRepository
from subgraphs.users.settings import UsersSettings

MAX_KEY_LENGTH = 64  # usernames are at most 32 characters, IP addresses at most 45


@dataclass(frozen=True)
class LoginAttempt:
    """Who is trying: the case-folded username and the client's address (if known)."""

    username_key: str
    client: str | None = None

    @property
    def account_key(self) -> str:
        return f"account:{self.username_key[:MAX_KEY_LENGTH]}"

    @property
    def client_key(self) -> str | None:
        return None if self.client is None else f"client:{self.client[:MAX_KEY_LENGTH]}"


@dataclass(frozen=True)
class Admission:
    """An attempt allowed to check its password, and what its outcome must update."""

    rules: dict[str, FailureRule]
    account_key: str
    account_has_failures: bool


class LoginThrottle:
    def __init__(
        self,
        counters: LoginFailureRepository,
        *,
        account_rule: FailureRule | None,
        client_rule: FailureRule | None,
    ) -> None:
        """A ``None`` rule turns that limit off."""
        self._counters = counters
        self._account_rule = account_rule
        self._client_rule = client_rule

    @classmethod
    def from_settings(
        cls, counters: LoginFailureRepository, settings: UsersSettings
    ) -> LoginThrottle:
        window = timedelta(seconds=settings.login_failure_window_seconds)
        lockout = timedelta(seconds=settings.login_lockout_seconds)

        def rule(max_failures: int) -> FailureRule | None:
            return FailureRule(max_failures, window, lockout) if max_failures > 0 else None

        return cls(
            counters,
            account_rule=rule(settings.login_account_max_failures),
            client_rule=rule(settings.login_client_max_failures),
        )

    async def admit(self, attempt: LoginAttempt) -> Admission:
        """The attempt may check its password; ``RateLimited`` while a counter is locked."""
        rules = self._rules(attempt)
        counters = await self._counters.counters(list(rules)) if rules else []
        now = utc_now()
        locked_until = max(
            (c.locked_until for c in counters if c.locked_until and c.locked_until > now),
            default=None,
        )
        if locked_until is not None:
            raise _rate_limited(locked_until, now, "failed login attempts")
        account_has_failures = any(counter.key == attempt.account_key for counter in counters)
        return Admission(rules, attempt.account_key, account_has_failures)

    async def failed(self, admission: Admission) -> None:
        await self._counters.record_failure(admission.rules, utc_now())

    async def succeeded(self, admission: Admission) -> None:
        """A correct password clears the account's failures (never the client's)."""
        if admission.account_has_failures:
            await self._counters.reset(admission.account_key)

    def _rules(self, attempt: LoginAttempt) -> dict[str, FailureRule]:
        rules: dict[str, FailureRule] = {}
        if self._account_rule is not None:
            rules[attempt.account_key] = self._account_rule
        client_key = attempt.client_key
        if self._client_rule is not None and client_key is not None:
            rules[client_key] = self._client_rule
        return rules


class RegistrationThrottle:
    """At most ``rule.max_failures`` registrations (taken usernames included) per client
    address within the window; then RATE_LIMITED until the lockout ends. Unknown clients
    (no address) are not limited: only the router's calls carry one."""

    def __init__(self, counters: LoginFailureRepository, rule: FailureRule | None) -> None:
        self._counters = counters
        self._rule = rule

    @classmethod
    def from_settings(
        cls, counters: LoginFailureRepository, settings: UsersSettings
    ) -> RegistrationThrottle:
        window = timedelta(seconds=settings.registration_window_seconds)
        limit = settings.registration_client_max
        return cls(counters, FailureRule(limit, window, window) if limit > 0 else None)

    async def count(self, client: str | None) -> None:
        """Count one registration of ``client``; ``RateLimited`` once it used up its quota."""
        if self._rule is None or client is None:
            return
        key = f"register:{client[:MAX_KEY_LENGTH]}"
        now = utc_now()
        for counter in await self._counters.counters([key]):
            if counter.locked_until is not None and counter.locked_until > now:
                raise _rate_limited(counter.locked_until, now, "registrations from your address")
        await self._counters.record_failure({key: self._rule}, now)


def first_forwarded_address(header: str | None) -> str | None:
    """The client address from ``X-Forwarded-For`` (its first entry), or ``None``."""
    if header is None:
        return None
    address = header.split(",", 1)[0].strip()
    return address or None


def _rate_limited(locked_until: datetime, now: datetime, what: str) -> RateLimited:
    seconds = max(1, math.ceil((locked_until - now).total_seconds()))
    return RateLimited(
        f"Too many {what}. Try again in {_duration(seconds)}.",
        retryAfter=seconds,
    )


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
