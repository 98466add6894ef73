"""Committed supergraph fixtures equal what the composer produces today."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FIXTURES = sorted(p.name for p in (HERE / "fixtures").iterdir() if (p / "subgraphs").is_dir())


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_supergraph_is_freshly_composed(name: str) -> None:
    composed = subprocess.run(
        ["node", str(HERE / "compose.mjs"), str(HERE / "fixtures" / name)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert composed == (HERE / "fixtures" / name / "supergraph.graphql").read_text()
