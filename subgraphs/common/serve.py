"""Run a subgraph app with uvicorn on its configured host and port (``python -m subgraphs.X``)."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from subgraphs.common.settings import SubgraphSettings


def serve(app: FastAPI, settings: SubgraphSettings) -> None:
    """Serve ``app`` until interrupted."""
    uvicorn.run(app, host=settings.host, port=settings.port, proxy_headers=False)
