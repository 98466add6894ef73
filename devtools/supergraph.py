"""Compose ``supergraph.graphql`` from the subgraphs' Strawberry schemas.

    python -m devtools.supergraph            # (re)write supergraph.graphql
    python -m devtools.supergraph --check    # exit 1 when the committed file is stale

Each subgraph's SDL comes from importing ``subgraphs.<name>.schema`` (nothing is started);
:mod:`devtools.composer` composes it with the pinned
``@theguild/federation-composition`` from ``devtools/node`` (``make supergraph`` installs it;
``make run`` does not need it). Subgraph URLs are the local defaults (router env
``ROUTER_SUBGRAPH_<NAME>_URL`` overrides them at run time), so the output is deterministic.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from devtools.composer import (
    CompositionError,
    SubgraphSource,
    compose_subgraphs,
    composer_installed,
)
from devtools.stack import PROJECT_ROOT, SUBGRAPHS, StackConfig

__all__ = ["SUPERGRAPH_FILE", "CompositionError", "compose", "composer_installed", "main"]

SUPERGRAPH_FILE = PROJECT_ROOT / "supergraph.graphql"
EXIT_STALE = 1
EXIT_COMPOSITION_FAILED = 2


def subgraph_sdl(name: str) -> str:
    """The federation SDL of one subgraph, as its ``_service { sdl }`` would return it."""
    try:
        module = importlib.import_module(f"subgraphs.{name}.schema")
    except ImportError as error:
        raise CompositionError(f"cannot import subgraphs.{name}.schema: {error}") from error
    schema = getattr(module, "schema", None)
    if schema is None or not hasattr(schema, "as_str"):
        raise CompositionError(f"subgraphs.{name}.schema has no Strawberry `schema`")
    return str(schema.as_str())


def compose(names: Sequence[str] = SUBGRAPHS) -> str:
    """The supergraph SDL of ``names`` (raises :class:`CompositionError`)."""
    urls = StackConfig()
    composed = compose_subgraphs(
        [
            SubgraphSource(name, subgraph_sdl(name), urls.subgraph_url(name))
            for name in sorted(names)
        ]
    )
    return composed if composed.endswith("\n") else f"{composed}\n"


def stale_diff(current: str, composed: str, path: Path) -> str:
    """A unified diff from the committed file to the freshly composed one ('' if equal)."""
    lines = difflib.unified_diff(
        current.splitlines(keepends=True),
        composed.splitlines(keepends=True),
        fromfile=f"{path.name} (committed)",
        tofile=f"{path.name} (composed)",
    )
    return "".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the file is stale")
    parser.add_argument("--output", type=Path, default=SUPERGRAPH_FILE)
    args = parser.parse_args(argv)
    try:
        composed = compose()
    except CompositionError as error:
        print(f"supergraph: {error}", file=sys.stderr)
        return EXIT_COMPOSITION_FAILED
    output: Path = args.output
    if args.check:
        current = output.read_text() if output.exists() else ""
        diff = stale_diff(current, composed, output)
        if diff:
            print(diff, file=sys.stderr)
            print(f"supergraph: {output} is stale; run `make supergraph`.", file=sys.stderr)
            return EXIT_STALE
        print(f"supergraph: {output} is up to date.")
        return 0
    output.write_text(composed)
    print(f"supergraph: wrote {output} ({len(composed.splitlines())} lines).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
