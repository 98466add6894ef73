"""Committed supergraph fixtures equal what the composer produces today."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from devtools.composer import compose_directory

HERE = Path(__file__).parent
FIXTURES = sorted(p.name for p in (HERE / "fixtures").iterdir() if (p / "subgraphs").is_dir())


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_supergraph_is_freshly_composed(name: str) -> None:
    composed = compose_directory(HERE / "fixtures" / name / "subgraphs")
    assert composed == (HERE / "fixtures" / name / "supergraph.graphql").read_text()
