"""Compose ``supergraph.graphql`` from the subgraphs' Strawberry schemas.

    python -m devtools.supergraph            # (re)write supergraph.graphql
    python -m devtools.supergraph --check    # exit 1 when the committed file is stale

Each subgraph's SDL comes from importing ``subgraphs.<name>.schema`` (nothing is started);
``devtools/compose_supergraph.mjs`` composes it with the pinned
``@theguild/federation-composition`` from ``devtools/node`` (``make supergraph`` installs it;
``make run`` does not need it). Subgraph URLs are the local defaults (router env
``ROUTER_SUBGRAPH_<NAME>_URL`` overrides them at run time), so the output is deterministic.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from devtools.stack import PROJECT_ROOT, SUBGRAPHS, StackConfig

SUPERGRAPH_FILE = PROJECT_ROOT / "supergraph.graphql"
COMPOSE_SCRIPT = PROJECT_ROOT / "devtools" / "compose_supergraph.mjs"
NODE_TOOLS = PROJECT_ROOT / "devtools" / "node"
COMPOSER_PACKAGE = NODE_TOOLS / "node_modules" / "@theguild" / "federation-composition"
EXIT_STALE = 1
EXIT_COMPOSITION_FAILED = 2


class CompositionError(RuntimeError):
    """The subgraphs do not compose (or a schema could not be loaded)."""


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


def composer_installed() -> bool:
    """Whether node and the pinned composer (``devtools/bootstrap.sh --node``) are installed."""
    return shutil.which("node") is not None and COMPOSER_PACKAGE.is_dir()


def compose(names: Sequence[str] = SUBGRAPHS) -> str:
    """The supergraph SDL of ``names`` (raises :class:`CompositionError`)."""
    node = shutil.which("node")
    if node is None:
        raise CompositionError("node is not installed (needed by @theguild/federation-composition)")
    if not COMPOSER_PACKAGE.is_dir():
        raise CompositionError(
            f"the composer is not installed in {NODE_TOOLS.relative_to(PROJECT_ROOT)}: "
            "`make supergraph` installs it (or run `devtools/bootstrap.sh --node`)"
        )
    urls = StackConfig()
    with tempfile.TemporaryDirectory(prefix="supergraph-") as directory:
        manifest = []
        for name in sorted(names):
            sdl_file = Path(directory) / f"{name}.graphql"
            sdl_file.write_text(subgraph_sdl(name))
            manifest.append({"name": name, "file": str(sdl_file), "url": urls.subgraph_url(name)})
        manifest_file = Path(directory) / "manifest.json"
        manifest_file.write_text(json.dumps(manifest))
        result = subprocess.run(
            [node, str(COMPOSE_SCRIPT), str(manifest_file)],
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise CompositionError(f"composition failed:\n{result.stderr.strip()}")
    return result.stdout


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
