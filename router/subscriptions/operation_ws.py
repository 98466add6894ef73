"""One operation of a graphql-ws connection: a subscription's events as ``next`` messages
until ``complete`` (or ``error``); a query or mutation as one ``next`` and ``complete``."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from plumbing.request_id import current_request_id
from router.errors import RequestError
from router.http.admission import admit_params
from router.http.core import GraphQLEngine
from router.http.errors import INTERNAL_ERROR_BODY, HttpError
from router.http.limits import DocumentLimits
from router.http.params import params_from_json_body
from router.interfaces import RequestContext
from router.subscriptions.errors import SubscriptionEnded, token_expired
from router.subscriptions.lifetime import expiry_of
from router.subscriptions.service import Subscriptions
from router.trusted import DocumentResolver

logger = logging.getLogger("router.subscriptions")


class Sender(Protocol):
    async def send(self, message: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class OperationSetup:
    """What every operation needs: the limits, trusted documents and live subscriptions."""

    subscriptions: Subscriptions
    documents: DocumentResolver
    limits: DocumentLimits
    explain_header: str | None = None  # the upgrade request's header asks for the plans
    # Raises the HTTP layer's 429 ``HttpError`` when the caller (rate-limiting key) is over
    # its request rate: each operation counts as a request.
    admit_caller: Callable[[str], Awaitable[None]] | None = None


class Operation:
    """Runs in its own task; cancelling it releases its upstream subscription."""

    def __init__(
        self,
        identifier: str,
        connection: Sender,
        setup: OperationSetup,
        engine: GraphQLEngine,
        context: RequestContext,
    ) -> None:
        self._id = identifier
        self._connection = connection
        self._setup = setup
        self._engine = engine
        self._context = context
        self._task: asyncio.Task[None] | None = None

    def start(self, payload: Any, others: int, finished: Callable[[str, Operation], None]) -> None:
        """Run the operation (``others``: the connection's other live operations)."""
        self._task = asyncio.ensure_future(self._run(payload, others))
        self._task.add_done_callback(lambda _: finished(self._id, self))

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def wait(self) -> None:
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def _send(self, kind: str, payload: Any = None) -> None:
        message: dict[str, Any] = {"id": self._id, "type": kind}
        if payload is not None:
            message["payload"] = payload
        await self._connection.send(message)

    async def _run(self, payload: Any, others: int) -> None:
        current_request_id.set(self._context.request_id)  # this task's log lines carry it
        try:
            await self._execute(payload, others)
        except asyncio.CancelledError:
            raise
        except SubscriptionEnded as ended:
            await self._send("error", ended.errors)
        except Exception:
            logger.exception("graphql-ws operation failed")
            await self._send("error", INTERNAL_ERROR_BODY["errors"])

    async def _execute(self, payload: Any, others: int) -> None:
        engine, context = self._engine, self._context
        expires_at = expiry_of(context.identity)
        if expires_at is not None and expires_at <= time.time():
            raise token_expired()  # the connection's token expired since connection_init
        try:
            if self._setup.admit_caller is not None:
                await self._setup.admit_caller(Subscriptions.client_of(context))
            params = params_from_json_body(orjson.dumps(payload))
            parsed = admit_params(engine, self._setup.limits, self._setup.documents, params)
        except HttpError as error:
            raise SubscriptionEnded(error.body()["errors"]) from None
        except RequestError as error:
            raise SubscriptionEnded(error.errors) from None
        variables = params.variables or {}
        if parsed.operation_type != "subscription":
            await self._send("next", await engine.execute(parsed, variables, context))
            await self._send("complete")
            return
        subscriptions = self._setup.subscriptions
        refusal = subscriptions.refusal(context, others)
        if refusal is not None:
            raise SubscriptionEnded([refusal])
        outcome = await engine.subscribe(parsed, variables, context)
        if isinstance(outcome, dict):
            if "data" not in outcome:
                raise SubscriptionEnded(outcome.get("errors") or [])
            await self._send("next", outcome)
        else:
            stream = subscriptions.stream(outcome, context, keepalive=False)
            try:
                async for event in stream:
                    if event is not None:
                        await self._send("next", event)
            finally:
                await stream.aclose()  # type: ignore[attr-defined]
        await self._send("complete")
