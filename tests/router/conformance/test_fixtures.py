"""Every fixture composes, with all its subgraphs, and has enough cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.router.conformance.harness import JOIN_GRAPH, fixture_supergraphs, load_fixtures

SCHEMA_DIRS = sorted({f.schema_dir for f in load_fixtures(include_faults=True)})


@pytest.mark.parametrize("schema_dir", SCHEMA_DIRS, ids=[d.name for d in SCHEMA_DIRS])
def test_every_subgraph_joins_the_composed_supergraph(schema_dir: Path) -> None:
    supergraph = fixture_supergraphs()[schema_dir].read_text()
    joined = {name for _enum, name, _url in JOIN_GRAPH.findall(supergraph)}
    assert joined == {p.stem for p in schema_dir.glob("*.graphql")}


def test_every_fixture_has_enough_cases_with_expected_answers() -> None:
    for fixture in load_fixtures():
        if not (fixture.path / "cases.json").exists():  # schema shared by other fixtures
            continue
        cases = fixture.cases()
        assert len(cases) >= 5, f"{fixture.name} has only {len(cases)} cases"
        assert len({c.name for c in cases}) == len(cases), f"{fixture.name}: duplicate names"
        missing = [c.name for c in cases if c.expected is None]
        assert not missing, f"{fixture.name}: cases without expected: {missing}"
