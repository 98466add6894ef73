"""A loopback HTTP proxy in front of subgraphs that can refuse chosen root fields, to stop a
cross-subgraph write between its steps (the subgraph looks down for those requests only)."""

from __future__ import annotations

from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from tests.support.processes import free_port


@dataclass
class FaultProxy:
    """``/<subgraph>`` forwards to that subgraph, unless the request names a refused field."""

    port: int = field(default_factory=free_port)
    targets: dict[str, str] = field(default_factory=dict)
    refused_fields: set[str] = field(default_factory=set)
    down: set[str] = field(default_factory=set)  # subgraphs that refuse every request
    refused_count: int = 0
    _runner: web.AppRunner | None = None
    _session: aiohttp.ClientSession | None = None

    def url(self, subgraph: str) -> str:
        return f"http://127.0.0.1:{self.port}/{subgraph}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/{subgraph}", self._forward)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        subgraph = request.match_info["subgraph"]
        if subgraph in self.down or any(name.encode() in body for name in self.refused_fields):
            self.refused_count += 1
            return web.Response(status=503, text="injected outage")
        target = self.targets[subgraph]
        assert self._session is not None
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() not in ("host", "content-length")
        }
        try:
            async with self._session.post(target, data=body, headers=headers) as response:
                payload = await response.read()
                return web.Response(
                    status=response.status,
                    body=payload,
                    content_type=response.content_type,
                )
        except aiohttp.ClientError:  # the subgraph was killed
            return web.Response(status=502, text="subgraph unreachable")
