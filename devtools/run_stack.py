"""Run the whole stack locally: mongoeco, the subgraphs, the router and the web app.

    python -m devtools.run_stack [--base-port 4000] [--mongo-port 27017] [--webapp-port 8000]

Every service runs in its own process group with its log lines prefixed by its name.
Ctrl-C (SIGINT) or SIGTERM stops everything: SIGTERM first, SIGKILL after a timeout.
Development only: secrets it makes (the users subgraph's JWT key, the router's credential
key pair) are not for production.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from devtools import demo_data
from devtools.console import Console
from devtools.ports import port_is_open
from devtools.stack import (
    PROJECT_ROOT,
    SUBGRAPHS,
    StackConfig,
    available_subgraphs,
    router_available,
    stack_specs,
)
from devtools.supergraph import SUPERGRAPH_FILE, composer_installed
from devtools.supervisor import Child, ServiceFailed, ServiceSpec, Supervisor
from plumbing.keys import ensure_key_pair

EXIT_STARTUP_FAILED = 1
EXIT_CHILD_DIED = 3
PROGRESS_INTERVAL = 5.0  # seconds between "still starting" lines


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base-port",
        type=int,
        default=_env_int("STACK_BASE_PORT", 4000),
        help="router port; subgraphs use the next five (env STACK_BASE_PORT)",
    )
    parser.add_argument("--mongo-port", type=int, default=_env_int("STACK_MONGO_PORT", 27017))
    parser.add_argument("--webapp-port", type=int, default=_env_int("STACK_WEBAPP_PORT", 8000))
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ.get("DATA_DIR") or PROJECT_ROOT / ".data"),
        help="database file and dev keys (env DATA_DIR)",
    )
    parser.add_argument(
        "--without",
        default="",
        metavar="NAMES",
        help="comma-separated services not to start, e.g. webapp,router",
    )
    parser.add_argument("--no-demo-data", action="store_true", help="never seed demo data")
    parser.add_argument("--health-timeout", type=float, default=60.0)
    parser.add_argument("--stop-timeout", type=float, default=10.0)
    return parser.parse_args(argv)


def banner(
    config: StackConfig, specs: Sequence[ServiceSpec], notes: Sequence[str], seconds: float
) -> list[str]:
    rows = [(label, url) for spec in specs for label, url in spec.links]
    width = max(len(label) for label, _ in rows)
    lines = ["", "=" * 78, f"  Stack is up ({seconds:.1f}s). URLs:", ""]
    lines += [f"    {label:<{width}}  {url}" for label, url in rows]
    lines += [""] + [f"  {note}" for note in notes] if notes else []
    lines += [
        "",
        f"  Data: {config.database_file} (survives restarts; `make clean-data` wipes it)",
        f"  DEV-ONLY secrets: the keys under {config.data_dir / 'keys'} (users' JWT signing key,",
        "  router credential key pair) were generated for local development. Never use them in",
        "  production (see `make secrets`).",
        "",
        "  Ctrl-C stops everything.",
        "=" * 78,
        "",
    ]
    return lines


def missing_services(with_router: bool) -> list[str]:
    """Banner notes about services this checkout cannot start (yet)."""
    notes = []
    missing = [name for name in SUBGRAPHS if name not in available_subgraphs()]
    if missing:
        notes.append(f"Not started (no subgraphs/<name>/__main__.py): {', '.join(missing)}")
    if not router_available():
        notes.append("Not started: router (no router/__main__.py)")
    elif not with_router:
        notes.append("Not started: router (supergraph.graphql missing; run `make supergraph`)")
    return notes


def busy_ports(specs: Sequence[ServiceSpec]) -> list[str]:
    return [f"{spec.port} ({spec.name})" for spec in specs if port_is_open(spec.port)]


async def start_stack(
    supervisor: Supervisor,
    specs: Sequence[ServiceSpec],
    health_timeout: float,
    console: Console,
) -> None:
    """Start every service at once (each retries its dependencies); all must become healthy.

    Says when each one is healthy, and every few seconds which ones it still waits for.
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    console.info(f"Starting {len(specs)} services: {', '.join(spec.name for spec in specs)}")
    children = [await supervisor.start(spec) for spec in specs]
    pending = [spec.name for spec in specs]

    async def healthy(child: Child) -> None:
        await supervisor.wait_healthy(child, health_timeout)
        pending.remove(child.spec.name)
        console.info(f"  {child.spec.name} is healthy ({loop.time() - started:.1f}s)")

    async def progress() -> None:
        while True:
            await asyncio.sleep(PROGRESS_INTERVAL)
            console.info(f"  still starting ({loop.time() - started:.0f}s): {', '.join(pending)}")

    reporter = asyncio.create_task(progress())
    try:
        await asyncio.gather(*(healthy(child) for child in children))
    finally:
        reporter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reporter


async def run_supergraph_tool(*args: str) -> int:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "devtools.supergraph", *args,
        cwd=PROJECT_ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        return await process.wait()
    except asyncio.CancelledError:
        process.kill()
        await process.wait()
        raise


async def ensure_supergraph(console: Console) -> bool:
    """Compose supergraph.graphql when it is missing; False when there is none to serve."""
    if SUPERGRAPH_FILE.exists():
        return True
    if not composer_installed():
        console.warn(
            "supergraph.graphql is missing and the composer is not installed: run "
            "`make supergraph` (it installs the composer); the router is skipped."
        )
        return False
    console.info("supergraph.graphql is missing; composing it (make supergraph)...")
    if await run_supergraph_tool() != 0:
        console.warn("composition failed (`make supergraph` shows why); the router is skipped.")
        return False
    return True


async def warn_if_supergraph_stale(console: Console) -> None:
    """The router serves supergraph.graphql; tell the developer when it lags the subgraphs."""
    if not composer_installed():  # `make run` does not install the Node tools
        console.info(
            "supergraph.graphql not checked for staleness (the composer is not installed; "
            "`make supergraph-check` installs it and checks)."
        )
        return
    if await run_supergraph_tool("--check") != 0:
        console.warn("supergraph.graphql is stale or does not compose: run `make supergraph`.")


async def run(args: argparse.Namespace, console: Console) -> int:
    config = StackConfig(
        base_port=args.base_port,
        mongo_port=args.mongo_port,
        webapp_port=args.webapp_port,
        data_dir=args.data_dir.resolve(),
        app_env=os.environ.get("APP_ENV", "development"),
    )
    without = frozenset(name.strip() for name in args.without.split(",") if name.strip())
    with_router = (
        "router" not in without and router_available() and await ensure_supergraph(console)
    )
    specs = stack_specs(config, with_router=with_router, without=without)
    busy = busy_ports(specs)
    if busy:
        console.alert(f"ports already in use: {', '.join(busy)}. Is another stack running?")
        return EXIT_STARTUP_FAILED
    config.data_dir.mkdir(parents=True, exist_ok=True)
    if config.app_env != "production":  # the router reads it at startup: make it first
        ensure_key_pair(config.router_private_key_file, config.router_public_key_file)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    supervisor = Supervisor(console, cwd=PROJECT_ROOT, base_env=os.environ)

    def on_signal() -> None:
        if stop.is_set():  # second Ctrl-C: do not wait for graceful shutdowns
            console.warn("Second interrupt: killing every service now.")
            supervisor.kill_all()
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    started = loop.time()
    exit_code = 0
    startup = asyncio.create_task(start_stack(supervisor, specs, args.health_timeout, console))
    stale_check: asyncio.Task[None] | None = None  # started once the stack is up
    stop_wait = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({startup, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
        if startup.done():
            startup.result()  # raises ServiceFailed
            elapsed = loop.time() - started
            for line in banner(config, specs, missing_services(with_router), elapsed):
                console.info(line)
            if with_router:
                stale_check = asyncio.create_task(warn_if_supergraph_stale(console))
            if args.no_demo_data:
                console.info("Demo data: skipped (--no-demo-data).")
            else:
                running = frozenset(spec.name for spec in specs)
                seeding = asyncio.create_task(demo_data.seed_if_empty(config, console, running))
                await asyncio.wait({seeding, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
                seeding.cancel()
            await stop_wait
        else:
            console.info("Interrupted during startup.")
    except ServiceFailed as error:
        console.alert(f"startup failed: {error}")
        exit_code = EXIT_STARTUP_FAILED
    finally:
        for task in (startup, stop_wait, stale_check):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, ServiceFailed):
                    await task
        console.info("Stopping the stack...")
        await supervisor.stop_all(args.stop_timeout)
        console.info("All services stopped.")
    if exit_code == 0 and supervisor.unexpected_exits:
        exit_code = EXIT_CHILD_DIED
    return exit_code


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return asyncio.run(run(args, Console()))


if __name__ == "__main__":
    sys.exit(main())
