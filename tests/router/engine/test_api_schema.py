"""Our API schema equals the one Apollo's federation-internals derives."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from graphql import lexicographic_sort_schema, print_schema

from router.api_schema import build_api_schema
from tests.support.supergraphs import fixture_supergraph

HERE = Path(__file__).parent
FIXTURES = sorted(p.name for p in (HERE / "fixtures").iterdir() if (p / "subgraphs").is_dir())


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("name", FIXTURES)
def test_api_schema_matches_apollo(name: str) -> None:
    supergraph = fixture_supergraph(HERE / "fixtures" / name / "subgraphs")
    apollo = subprocess.run(
        ["node", str(HERE / "apollo_api_schema.mjs"), str(supergraph)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ours = print_schema(lexicographic_sort_schema(build_api_schema(supergraph.read_text())))
    assert ours.strip() == apollo.strip()
