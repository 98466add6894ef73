"""Compose subgraph SDL into a supergraph with the pinned ``@theguild/federation-composition``.

One entry point for every caller (``make supergraph``, benchmarks, tests): the subgraphs go to
``devtools/compose_supergraph.mjs`` as a manifest (many supergraphs in one Node run), the
supergraph SDL comes back verbatim.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

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


def compose_many(supergraphs: Sequence[Sequence[SubgraphSource]]) -> list[str | CompositionError]:
    """The supergraph SDL of each list of subgraphs, or why it does not compose (one Node run)."""
    node = shutil.which("node")
    if node is None:
        raise CompositionError("node is not installed (needed by @theguild/federation-composition)")
    if not COMPOSER_PACKAGE.is_dir():
        raise CompositionError(
            f"the composer is not installed in {NODE_TOOLS.relative_to(PROJECT_ROOT)}: "
            "`make supergraph` installs it (or run `devtools/bootstrap.sh --node`)"
        )
    manifest = [[asdict(subgraph) for subgraph in subgraphs] for subgraphs in supergraphs]
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="compose-") as manifest_file:
        json.dump(manifest, manifest_file)
        manifest_file.flush()
        result = subprocess.run(
            [node, str(COMPOSE_SCRIPT), manifest_file.name],
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT,
        )
    if result.returncode != 0:
        raise CompositionError(f"the composer failed:\n{result.stderr.strip()}")
    answers: list[dict[str, Any]] = json.loads(result.stdout)
    return [
        answer["supergraph"]
        if "supergraph" in answer
        else CompositionError("composition failed:\n" + "\n".join(answer["errors"]))
        for answer in answers
    ]


def compose_subgraphs(subgraphs: Sequence[SubgraphSource]) -> str:
    """The supergraph SDL of ``subgraphs`` (raises :class:`CompositionError`)."""
    (composed,) = compose_many([subgraphs])
    if isinstance(composed, CompositionError):
        raise composed
    return composed


def directory_sources(
    directory: Path, url_of: str = "http://{name}.local/graphql"
) -> list[SubgraphSource]:
    """Every ``NAME.graphql`` in ``directory`` (``supergraph.graphql`` excepted) as subgraph
    NAME at ``url_of`` formatted with its name and the directory's name."""
    files = sorted(p for p in directory.glob("*.graphql") if p.name != "supergraph.graphql")
    return [
        SubgraphSource(p.stem, p.read_text(), url_of.format(name=p.stem, dir=directory.name))
        for p in files
    ]


def compose_directory(directory: Path, url_of: str = "http://{name}.local/graphql") -> str:
    """The supergraph of the subgraph files in ``directory`` (see :func:`directory_sources`)."""
    return compose_subgraphs(directory_sources(directory, url_of))
