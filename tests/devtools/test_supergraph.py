"""supergraph.graphql is composed from the subgraphs' schemas and kept fresh."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from devtools import supergraph
from devtools.composer import CompositionError, SubgraphSource, compose_subgraphs
from devtools.stack import SUBGRAPHS
from tests.support.processes import PROJECT_ROOT

MISSING = [n for n in SUBGRAPHS if not (PROJECT_ROOT / "subgraphs" / n / "schema.py").exists()]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"subgraphs without schema: {MISSING}")


@pytest.fixture(scope="module")
def composed() -> str:
    return supergraph.compose()


def test_committed_supergraph_is_up_to_date(composed: str) -> None:
    committed = supergraph.SUPERGRAPH_FILE.read_text()
    diff = supergraph.stale_diff(committed, composed, supergraph.SUPERGRAPH_FILE)
    assert not diff, f"supergraph.graphql is stale; run `make supergraph`:\n{diff[:3000]}"


def test_supergraph_names_every_subgraph_with_its_local_url(composed: str) -> None:
    for port, name in enumerate(SUBGRAPHS, start=4001):
        assert f'@join__graph(name: "{name}", url: "http://127.0.0.1:{port}/graphql")' in composed


def test_check_fails_on_a_stale_file_and_shows_the_diff(tmp_path: Path, composed: str) -> None:
    stale = tmp_path / "supergraph.graphql"
    stale.write_text(composed.replace("type Query", "type Query # edited by hand", 1))
    result = subprocess.run(
        [sys.executable, "-m", "devtools.supergraph", "--check", "--output", str(stale)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == supergraph.EXIT_STALE, result.stderr
    assert "edited by hand" in result.stderr
    assert "make supergraph" in result.stderr


def test_composition_errors_are_reported() -> None:
    broken = SubgraphSource(
        "a",
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\n'
        'type Query { user: User }\ntype User @key(fields: "missing") { id: ID! }\n',
        "http://a/graphql",
    )
    with pytest.raises(CompositionError, match="missing"):
        compose_subgraphs([broken])
