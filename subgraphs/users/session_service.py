"""Session rules: start at login, refresh with rotation, logout, feed keys, revocation list.

An access token names its session (``sid``) and lives ``TokenIssuer.ttl``. A refresh token
is single-use: each use returns a new one, and presenting a used one again (a copy was
stolen, or replayed) ends the whole session. A feed key is a long-lived, read-only
credential: it is exchanged for access tokens with the ``feed:read`` scope only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bson import ObjectId

from subgraphs.common import validation
from subgraphs.common.auth import READ_ONLY_SCOPE
from subgraphs.common.clock import utc_now
from subgraphs.common.errors import Unauthenticated
from subgraphs.common.mongo import Document
from subgraphs.users.repository import UserRepository
from subgraphs.users.sessions import SessionRepository, new_secret
from subgraphs.users.signing import IssuedToken, TokenIssuer

CLOCK_SKEW = timedelta(seconds=60)  # revoked sessions stay listed this long past token expiry
UNKNOWN_REFRESH = "The refresh token is invalid. Log in again."
EXPIRED_REFRESH = "The refresh token has expired. Log in again."
REUSED_REFRESH = (
    "This refresh token was already used, so the session has been ended for safety. Log in again."
)
SESSION_ENDED = "The session has ended (logged out or revoked). Log in again."
FEED_KEY_REFUSED = "This feed key is unknown or has been revoked."


@dataclass(frozen=True)
class SessionTokens:
    """What a login or a refresh returns: an access token and the next refresh token."""

    access: IssuedToken
    refresh_token: str
    refresh_expires_at: datetime


class SessionService:
    def __init__(
        self,
        sessions: SessionRepository,
        users: UserRepository,
        tokens: TokenIssuer,
        *,
        refresh_ttl: timedelta,
    ) -> None:
        self._sessions = sessions
        self._users = users
        self._tokens = tokens
        self._refresh_ttl = refresh_ttl

    async def start(self, user: Document) -> SessionTokens:
        """A new login session for ``user`` (whose password was just checked)."""
        now = utc_now()
        session = await self._sessions.create(user["_id"], "login", now, now + self._refresh_ttl)
        return await self._tokens_for(user, session["_id"], now)

    async def refresh(self, refresh_token: str) -> tuple[Document, SessionTokens]:
        """Rotate ``refresh_token``; reusing a rotated one revokes its session."""
        now = utc_now()
        record, unused = await self._sessions.use_refresh_token(refresh_token, now)
        if record is None:
            raise Unauthenticated(UNKNOWN_REFRESH)
        session_id: ObjectId = record["sessionId"]
        if not unused:
            await self._sessions.revoke({"_id": session_id}, now)
            raise Unauthenticated(REUSED_REFRESH)
        if record["purgeAt"] is not None and record["purgeAt"] <= now:
            raise Unauthenticated(EXPIRED_REFRESH)
        user = await self._valid_session_user(session_id)
        if not await self._sessions.touch(session_id, now, now + self._refresh_ttl):
            raise Unauthenticated(SESSION_ENDED)
        return user, await self._tokens_for(user, session_id, now)

    async def end(self, user_id: str, session_id: str | None) -> bool:
        """Log out of one session of ``user_id``; False if it was not valid (or unnamed)."""
        if session_id is None:
            return False
        query = {"_id": validation.object_id(session_id, "sid"), "userId": _oid(user_id)}
        return await self._sessions.revoke(query, utc_now()) > 0

    async def end_all(self, user_id: str) -> int:
        """Revoke every session of ``user_id``, feed keys included (logout everywhere, or
        before an account is removed); how many were still valid."""
        return await self._sessions.revoke({"userId": _oid(user_id)}, utc_now())

    async def new_feed_key(self, user_id: str) -> tuple[str, datetime]:
        """A new feed key for ``user_id``; any previous one is revoked. Shown only once."""
        now = utc_now()
        owner = _oid(user_id)
        await self._sessions.revoke({"userId": owner, "kind": "feed"}, now)
        session = await self._sessions.create(owner, "feed", now, None)
        key = new_secret()
        await self._sessions.add_secret(key, session["_id"], "feed", None)
        return key, now

    async def feed_token(self, key: str) -> IssuedToken:
        """A read-only (``feed:read``) access token of the feed key's session."""
        record = await self._sessions.feed_key(key)
        if record is None:
            raise Unauthenticated(FEED_KEY_REFUSED)
        session_id: ObjectId = record["sessionId"]
        try:
            user = await self._valid_session_user(session_id)
        except Unauthenticated:
            raise Unauthenticated(FEED_KEY_REFUSED) from None
        if not await self._sessions.touch(session_id, utc_now(), None):
            raise Unauthenticated(FEED_KEY_REFUSED)
        return self._tokens.issue(
            str(user["_id"]), user["username"], str(session_id), scope=READ_ONLY_SCOPE
        )

    async def revoked_session_ids(self) -> list[str]:
        """Sessions whose access tokens may be unexpired but must be refused: revoked ones,
        and those whose user no longer exists."""
        since = utc_now() - self._tokens.ttl - CLOCK_SKEW
        recent = await self._sessions.issued_since(since)
        owners = list({session["userId"] for session in recent})
        existing = {user["_id"] for user in await self._users.by_ids(owners)} if owners else set()
        return [
            str(session["_id"])
            for session in recent
            if session.get("revokedAt") is not None or session["userId"] not in existing
        ]

    async def _valid_session_user(self, session_id: ObjectId) -> Document:
        session = await self._sessions.by_id(session_id)
        if session is None or session.get("revokedAt") is not None:
            raise Unauthenticated(SESSION_ENDED)
        user = await self._users.by_id(session["userId"])
        if user is None:
            raise Unauthenticated(SESSION_ENDED)
        return user

    async def _tokens_for(
        self, user: Document, session_id: ObjectId, now: datetime
    ) -> SessionTokens:
        refresh_token = new_secret()
        refresh_expires_at = now + self._refresh_ttl
        await self._sessions.add_secret(refresh_token, session_id, "login", refresh_expires_at)
        access = self._tokens.issue(str(user["_id"]), user["username"], str(session_id))
        return SessionTokens(access, refresh_token, refresh_expires_at)


def _oid(user_id: str) -> ObjectId:
    return validation.object_id(user_id, "id")
