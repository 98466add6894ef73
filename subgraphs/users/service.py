"""Account rules: registration, login, profile changes, lookups and search (sessions:
``session_service``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pymongo.errors import DuplicateKeyError

from subgraphs.common import validation
from subgraphs.common.clock import utc_now
from subgraphs.common.connections import Listing, PageRequest
from subgraphs.common.errors import BadUserInput, Conflict, Forbidden, NotFound, Unauthenticated
from subgraphs.common.ids import optional_id, ordered_by_keys
from subgraphs.common.mongo import Document
from subgraphs.users.password_policy import checked_password
from subgraphs.users.passwords import (
    hash_password,
    needs_rehash,
    spend_verification_time,
    verify_password,
)
from subgraphs.users.repository import UserRepository
from subgraphs.users.session_service import SessionService, SessionTokens
from subgraphs.users.throttle import LoginAttempt, LoginThrottle, RegistrationThrottle

USERNAME = re.compile(r"[A-Za-z0-9_.-]{3,32}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
MAX_EMAIL_LENGTH = 254
MAX_DISPLAY_NAME_LENGTH = 100
MIN_PREFIX_LENGTH = 2
MAX_PREFIX_LENGTH = 100
DEFAULT_SEARCH_PAGE = 10
MAX_SEARCH_PAGE = 20
MAX_IDS = 100
LOGIN_FAILED = "Invalid username or password."


@dataclass(frozen=True)
class Registration:
    username: str
    email: str
    password: str
    display_name: str
    time_zone: str


@dataclass(frozen=True)
class ProfileChanges:
    """``None`` leaves a field unchanged."""

    display_name: str | None = None
    time_zone: str | None = None


class UsersService:
    def __init__(
        self,
        repository: UserRepository,
        sessions: SessionService,
        throttle: LoginThrottle,
        registrations: RegistrationThrottle,
    ) -> None:
        self._repository = repository
        self.sessions = sessions
        self._throttle = throttle
        self._registrations = registrations

    async def register(self, registration: Registration, client: str | None = None) -> Document:
        """Create an account; CONFLICT when the username is taken.

        Emails are not unique: "this email has an account" would tell anyone whether an
        address is registered, and a unique email would let anyone squat a victim's address.
        Valid attempts count against the client's quota (RATE_LIMITED once used up).
        """
        username = validation.matches(
            registration.username,
            "username",
            USERNAME,
            "must be 3 to 32 characters: letters, digits, '_', '.' or '-'",
        )
        email = _valid_email(registration.email)
        display_name = validation.text(
            registration.display_name, "displayName", max_length=MAX_DISPLAY_NAME_LENGTH
        )
        time_zone = validation.time_zone(registration.time_zone)
        password = await checked_password(
            registration.password, related=[username, email, display_name]
        )
        await self._registrations.count(client)
        document: Document = {
            "username": username,
            "usernameKey": username.lower(),
            "email": email,
            "emailKey": email.lower(),
            "displayName": display_name,
            "displayNameKey": display_name.lower(),
            "timeZone": time_zone,
            "passwordHash": await hash_password(password),
            "createdAt": utc_now(),
        }
        try:
            return await self._repository.insert(document)
        except DuplicateKeyError as error:
            raise Conflict("This username is already taken.", field="username") from error

    async def login(
        self, username: str, password: str, client: str | None = None
    ) -> tuple[Document, SessionTokens]:
        """Check credentials and start a session; one generic error for every failure.

        RATE_LIMITED, without looking at the password, while too many failures make this
        attempt wait (``subgraphs.users.throttle``).
        """
        attempt = LoginAttempt(username.strip().lower(), client)
        admission = await self._throttle.admit(attempt)
        user = await self._verified_user(attempt.username_key, password)
        if user is None:
            await self._throttle.failed(admission)
            raise Unauthenticated(LOGIN_FAILED)
        await self._throttle.succeeded(admission)
        if needs_rehash(user["passwordHash"]):
            await self._repository.update(
                user["_id"], {"passwordHash": await hash_password(password)}
            )
        return user, await self.sessions.start(user)

    async def _verified_user(self, username_key: str, password: str) -> Document | None:
        """The account when the password matches; unknown users cost a decoy hash."""
        user = await self._repository.by_username_key(username_key)
        if user is None:
            await spend_verification_time(password)
            return None
        return user if await verify_password(user["passwordHash"], password) else None

    async def delete_account(self, user_id: str, password: str) -> bool:
        """Delete the caller's account once the password is confirmed, ending every session
        (the router then removes the user's data from the other subgraphs)."""
        user = await self._repository.by_id(validation.object_id(user_id, "id"))
        if user is None:
            raise NotFound("Your account no longer exists.")
        if not await verify_password(user["passwordHash"], password):
            raise Forbidden("The password is not correct.")
        await self.sessions.end_all(user_id)
        return await self._repository.delete(user["_id"])

    async def update_profile(self, user_id: str, changes: ProfileChanges) -> Document:
        updates: dict[str, Any] = {}
        if changes.display_name is not None:
            display_name = validation.text(
                changes.display_name, "displayName", max_length=MAX_DISPLAY_NAME_LENGTH
            )
            updates.update(displayName=display_name, displayNameKey=display_name.lower())
        if changes.time_zone is not None:
            updates["timeZone"] = validation.time_zone(changes.time_zone)
        object_id = validation.object_id(user_id, "id")
        if updates:
            user = await self._repository.update(object_id, updates)
        else:
            user = await self._repository.by_id(object_id)
        if user is None:
            raise NotFound("Your account no longer exists.")
        return user

    async def users_by_ids(self, ids: Sequence[str]) -> list[Document | None]:
        """Users in the order of ``ids`` (``None`` for unknown or malformed ids); one query."""
        object_ids = [oid for oid in map(optional_id, ids) if oid is not None]
        found = await self._repository.by_ids(object_ids)
        return ordered_by_keys(ids, found, key=lambda user: str(user["_id"]))

    def check_id_list(self, ids: Sequence[str]) -> None:
        if len(ids) > MAX_IDS:
            raise BadUserInput("ids", f"ids accepts at most {MAX_IDS} ids.")
        for value in ids:
            validation.object_id(value, "ids")

    async def search(self, prefix: str, first: int, after: str | None) -> Listing[Document]:
        """Type-ahead: a short page of users by username or display name prefix."""
        prefix_key = validation.text(
            prefix, "prefix", max_length=MAX_PREFIX_LENGTH, min_length=MIN_PREFIX_LENGTH
        ).lower()
        request = PageRequest.parse(first, after, maximum=MAX_SEARCH_PAGE)
        return await self._repository.search_by_prefix(prefix_key, request)


def _valid_email(value: str) -> str:
    email = validation.plain(value, "email").strip()
    if len(email) > MAX_EMAIL_LENGTH or not EMAIL.fullmatch(email):
        raise BadUserInput("email", "email must be a valid email address.")
    return email
