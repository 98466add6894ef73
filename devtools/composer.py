"""Compose subgraph SDL into a supergraph with the pinned ``@theguild/federation-composition``.

One entry point for every caller (``make supergraph``, benchmarks, tests): the subgraphs go to
``devtools/compose_supergraph.mjs`` as a manifest, the supergraph SDL comes back verbatim.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from devtools.processes import PROJECT_ROOT

COMPOSE_SCRIPT = PROJECT_ROOT / "devtools" / "compose_supergraph.mjs"
NODE_TOOLS = PROJECT_ROOT / "devtools" / "node"
COMPOSER_PACKAGE = NODE_TOOLS / "node_modules" / "@theguild" / "federation-composition"
TIMEOUT = 120.0


class CompositionError(RuntimeError):
    """The subgraphs do not compose, or the composer is not installed."""


@dataclass(frozen=True)
class SubgraphSource:
    """One subgraph to compose: its name, SDL and the URL the supergraph records."""

    name: str
    sdl: str
    url: str


def composer_installed() -> bool:
    """Whether node and the pinned composer (``devtools/bootstrap.sh --node``) are installed."""
    return shutil.which("node") is not None and COMPOSER_PACKAGE.is_dir()


def compose_subgraphs(subgraphs: Sequence[SubgraphSource]) -> str:
    """The supergraph SDL of ``subgraphs`` (raises :class:`CompositionError`)."""
    node = shutil.which("node")
    if node is None:
        raise CompositionError("node is not installed (needed by @theguild/federation-composition)")
    if not COMPOSER_PACKAGE.is_dir():
        raise CompositionError(
            f"the composer is not installed in {NODE_TOOLS.relative_to(PROJECT_ROOT)}: "
            "`make supergraph` installs it (or run `devtools/bootstrap.sh --node`)"
        )
    with tempfile.TemporaryDirectory(prefix="compose-") as directory:
        manifest = []
        for index, subgraph in enumerate(subgraphs):
            sdl_file = Path(directory) / f"{index}.graphql"
            sdl_file.write_text(subgraph.sdl)
            manifest.append({"name": subgraph.name, "file": str(sdl_file), "url": subgraph.url})
        manifest_file = Path(directory) / "manifest.json"
        manifest_file.write_text(json.dumps(manifest))
        result = subprocess.run(
            [node, str(COMPOSE_SCRIPT), str(manifest_file)],
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT,
        )
    if result.returncode != 0:
        raise CompositionError(f"composition failed:\n{result.stderr.strip()}")
    return result.stdout


def compose_directory(directory: Path, url_of: str = "http://{name}.local/graphql") -> str:
    """The supergraph of every ``NAME.graphql`` in ``directory`` (``supergraph.graphql``
    excepted), each at ``url_of`` formatted with its name and the directory's name."""
    files = sorted(p for p in directory.glob("*.graphql") if p.name != "supergraph.graphql")
    return compose_subgraphs(
        [
            SubgraphSource(p.stem, p.read_text(), url_of.format(name=p.stem, dir=directory.name))
            for p in files
        ]
    )
