"""Run a subgraph app with uvicorn on its configured host and port (``python -m subgraphs.X``)."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from subgraphs.common.observability import subgraph_logging_config
from subgraphs.common.settings import SubgraphSettings


def serve(app: FastAPI, settings: SubgraphSettings) -> None:
    """Serve ``app`` until interrupted (requests are logged by the app: ``subgraphs.access``)."""
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        proxy_headers=False,
        access_log=False,
        log_config=subgraph_logging_config(settings),
    )
