"""The ``/health`` route: the process is up and reports whether its database answers."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from subgraphs.common.mongo import Mongo


def add_health_route(app: FastAPI, name: str) -> None:
    @app.get("/health", include_in_schema=False)
    async def health() -> JSONResponse:
        mongo: Mongo = app.state.mongo
        database_ok = await mongo.ping()
        body = {
            "service": name,
            "status": "ok" if database_ok else "degraded",
            "database": "ok" if database_ok else "unreachable",
        }
        return JSONResponse(body, status_code=200 if database_ok else 503)
