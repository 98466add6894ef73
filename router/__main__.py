"""``python -m router --supergraph supergraph.graphql --port 4000``: serve the router.

Command-line options override the matching ``ROUTER_*`` environment variables; every other
setting (limits, CSRF, explain, subgraph overrides…) comes from the environment.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from plumbing.logs import log_format, logging_config
from router.http.serving import serve
from router.settings import RouterSettings

_OPTION_TO_ENV = {
    "supergraph": "ROUTER_SUPERGRAPH",
    "host": "ROUTER_HOST",
    "port": "ROUTER_PORT",
    "workers": "ROUTER_WORKERS",
    "env": "ROUTER_ENV",
    "log_level": "ROUTER_LOG_LEVEL",
    "access_log": "ROUTER_ACCESS_LOG",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m router", description=__doc__)
    parser.add_argument("--supergraph", help="supergraph SDL file [ROUTER_SUPERGRAPH]")
    parser.add_argument("--host", help="bind address [ROUTER_HOST, 127.0.0.1]")
    parser.add_argument("--port", type=int, help="port [ROUTER_PORT, 4000]")
    parser.add_argument("--workers", type=int, help="worker processes [ROUTER_WORKERS, 1]")
    parser.add_argument("--env", choices=("development", "production"), help="[ROUTER_ENV]")
    parser.add_argument("--log-level", help="[ROUTER_LOG_LEVEL, info]")
    parser.add_argument(
        "--access-log",
        action="store_const",
        const="true",
        help="log every request [ROUTER_ACCESS_LOG, true]",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    options = vars(_parser().parse_args(argv))
    for option, env_var in _OPTION_TO_ENV.items():
        if options.get(option) is not None:
            os.environ[env_var] = str(options[option])
    settings = RouterSettings()
    if settings.supergraph_url is None and not settings.supergraph.is_file():
        sys.exit(f"supergraph file not found: {settings.supergraph}")
    serve(
        settings,
        logging_config(
            "router",
            level=settings.log_level,
            log_format=log_format(production=settings.env == "production"),
        ),
    )


if __name__ == "__main__":
    main()
