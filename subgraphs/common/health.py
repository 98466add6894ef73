"""``/ready`` and ``/health``: the process is up, its database answers and its indexes exist.

Both run the same check (``503`` with the failing part until ready); ``/health`` keeps that
meaning because compose healthchecks and test harnesses wait on it.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from subgraphs.common.mongo import Mongo


def add_health_route(app: FastAPI, name: str) -> None:
    async def health() -> JSONResponse:
        mongo: Mongo = app.state.mongo
        database_ok = await mongo.ping()
        ready = database_ok and mongo.indexes_ready
        body = {
            "service": name,
            "status": "ok" if ready else "degraded",
            "database": "ok" if database_ok else "unreachable",
            "indexes": "ready" if mongo.indexes_ready else "pending",
        }
        return JSONResponse(body, status_code=200 if ready else 503)

    for path in ("/health", "/ready"):
        app.add_api_route(path, health, methods=["GET"], include_in_schema=False)
