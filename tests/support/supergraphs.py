"""Supergraphs of the test fixtures, composed from their subgraph SDL by the real composer at
first use in a session (never committed, so never stale), written under ``.data/composed``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from devtools.composer import CompositionError, compose_many, directory_sources
from tests.support.processes import PROJECT_ROOT

COMPOSED_DIR = PROJECT_ROOT / ".data" / "composed"
LOCAL_URL = "http://{name}.local/graphql"


def composed_path(directory: Path) -> Path:
    """Where the supergraph of ``directory`` is written (its parent is named like it)."""
    return COMPOSED_DIR / directory.resolve().relative_to(PROJECT_ROOT) / "supergraph.graphql"


@cache
def _compose_all(directories: tuple[Path, ...], url_of: str) -> dict[Path, Path]:
    answers = compose_many([directory_sources(directory, url_of) for directory in directories])
    paths: dict[Path, Path] = {}
    for directory, answer in zip(directories, answers, strict=True):
        if isinstance(answer, CompositionError):
            raise CompositionError(f"{directory.relative_to(PROJECT_ROOT)}: {answer}")
        target = composed_path(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".supergraph.{os.getpid()}.tmp")
        partial.write_text(answer)
        partial.replace(target)  # atomic: a parallel session never reads half a file
        paths[directory] = target
    return paths


def compose_fixtures(directories: Sequence[Path], url_of: str = LOCAL_URL) -> dict[Path, Path]:
    """Compose each directory's ``*.graphql`` subgraphs (one Node run for all; cached per
    session) and return the supergraph file of each."""
    return _compose_all(tuple(sorted(set(directories))), url_of)


def fixture_supergraph(directory: Path, url_of: str = LOCAL_URL) -> Path:
    """The composed supergraph file of one fixture directory."""
    return compose_fixtures([directory], url_of)[directory]
