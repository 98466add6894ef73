"""Loopback ports: find free ones, probe them, wait until a server listens."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from contextlib import ExitStack

LOOPBACK = "127.0.0.1"
_HANDED_OUT: set[int] = set()


def port_is_free(port: int) -> bool:
    """True when nothing is bound to 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


def port_is_open(port: int, host: str = LOOPBACK) -> bool:
    """True when something accepts TCP connections on host:port."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def free_port() -> int:
    """A port free on 127.0.0.1 right now that this process has not handed out before
    (ports are often bound later: two callers must not get the same one)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((LOOPBACK, 0))
            port = int(sock.getsockname()[1])
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def _ports_free(ports: range) -> bool:
    with ExitStack() as sockets:
        try:
            for port in ports:
                sock = sockets.enter_context(socket.socket())
                sock.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def free_port_block(size: int, start: int = 20000, stop: int = 60000, step: int = 97) -> int:
    """The first port of ``size`` consecutive ports that are free right now."""
    for base in range(start, stop, step):
        if _ports_free(range(base, base + size)):
            return base
    raise RuntimeError(f"no {size} consecutive free ports between {start} and {stop}")


def wait_for_port(
    port: int,
    *,
    timeout: float = 30.0,
    still_running: Callable[[], str | None] | None = None,
) -> None:
    """Wait until 127.0.0.1:port accepts connections.

    ``still_running`` returns None while the server's process lives, else why it died (raised
    at once instead of waiting out the timeout).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        death = still_running() if still_running is not None else None
        if death is not None:
            raise RuntimeError(death)
        if port_is_open(port):
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} not open after {timeout:.0f}s")
