"""Serve the router with uvicorn: the public socket, and the admin socket when
``ROUTER_ADMIN_PORT`` is set (the app tells them apart by the connection's local port)."""

from __future__ import annotations

import socket
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from router.http.protocol import HeaderDeadlineProtocol
from router.settings import RouterSettings


def serve(settings: RouterSettings, log_config: dict[str, Any]) -> None:
    """Run until stopped (``ROUTER_WORKERS`` processes share both sockets)."""
    config = uvicorn.Config(
        "router.http.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        loop="uvloop",
        http=HeaderDeadlineProtocol,
        ws_max_size=settings.max_body_bytes,  # a graphql-ws message is bounded like a body
        lifespan="on",
        access_log=False,  # the app logs each request itself (router.access, ROUTER_ACCESS_LOG)
        log_config=log_config,
        log_level=settings.log_level.lower(),
        server_header=False,
        proxy_headers=False,  # X-Forwarded-For is read only from ROUTER_TRUSTED_PROXIES
    )
    sockets = [config.bind_socket()]
    if settings.admin_port is not None:
        sockets.append(_bind(settings.admin_host or settings.host, settings.admin_port))
    if config.workers > 1:
        Multiprocess(config, sockets=sockets).run()
    else:
        uvicorn.Server(config).run(sockets=sockets)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock
