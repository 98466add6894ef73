"""A loopback HTTP proxy that counts the requests it forwards to each subgraph, so a test
can prove that the router refused an operation before calling any subgraph; it can also hold
chosen requests until the test releases them (a subgraph that is slow exactly when asked)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from devtools.ports import free_port

_HOP_BY_HOP = frozenset(("host", "content-length", "connection", "transfer-encoding"))


class CountingProxy:
    """``/<subgraph>`` forwards a POST to ``targets[subgraph]`` and counts it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.targets: dict[str, str] = {}
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._hold: Callable[[str, bytes], bool] = lambda _subgraph, _body: False
        self._released = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, subgraph: str) -> str:
        return f"http://127.0.0.1:{self.port}/{subgraph}"

    def total(self) -> int:
        with self._lock:
            return sum(self.counts.values())

    def hold_while(self, matches: Callable[[str, bytes], bool]) -> None:
        """Hold every request for which ``matches(subgraph, body)`` until :meth:`release`."""
        self._released.clear()
        self._hold = matches

    def release(self) -> None:
        """Let held requests through, and stop holding new ones."""
        self._hold = lambda _subgraph, _body: False
        self._released.set()

    def start(self) -> CountingProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self
        client = httpx.Client(timeout=60.0)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                subgraph = self.path.strip("/")
                with proxy._lock:
                    proxy.counts[subgraph] += 1
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if proxy._hold(subgraph, body):
                    proxy._released.wait(timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                answer = client.post(proxy.targets[subgraph], content=body, headers=headers)
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in _HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("content-length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler
