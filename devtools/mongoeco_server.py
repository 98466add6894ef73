"""Run the ``mongoeco`` MongoDB wire-protocol server as its own process.

Real MongoDB is used in production (docker-compose). Locally and in CI this
process stands in for ``mongod`` so the real PyMongo driver talks to a real socket.

    python -m devtools.mongoeco_server --port 27017 --engine memory
    python -m devtools.mongoeco_server --port 27017 --engine sqlite --path .data/db.sqlite
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from mongoeco.engines.memory import MemoryEngine
from mongoeco.engines.sqlite import SQLiteEngine
from mongoeco.wire.proxy import AsyncMongoEcoProxyServer


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=27017)
    parser.add_argument("--engine", choices=("memory", "sqlite"), default="memory")
    parser.add_argument("--path", default=".data/mongoeco.sqlite", help="SQLite file")
    return parser.parse_args(argv)


async def serve(host: str, port: int, engine_name: str, path: str) -> None:
    """Serve until SIGINT/SIGTERM."""
    if engine_name == "sqlite":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine: MemoryEngine | SQLiteEngine = SQLiteEngine(path)
    else:
        engine = MemoryEngine()
    server = AsyncMongoEcoProxyServer(engine=engine, host=host, port=port)
    address = await server.start()
    print(f"mongoeco ({engine_name}) listening on {address.host}:{address.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await server.close()


def main(argv: list[str] | None = None) -> None:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    asyncio.run(serve(args.host, args.port, args.engine, args.path))


if __name__ == "__main__":
    main()
