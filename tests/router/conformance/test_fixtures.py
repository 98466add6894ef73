"""The committed fixtures are composed from their subgraphs and are complete."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from devtools.composer import CompositionError
from tests.router.conformance.harness import compose, load_fixtures

SCHEMA_DIRS = sorted({f.schema_dir for f in load_fixtures(include_faults=True)})


def _composed_or_error(schema_dir: Path) -> str | CompositionError:
    try:
        return compose(schema_dir)
    except CompositionError as error:
        return error


@pytest.fixture(scope="module")
def compositions() -> dict[Path, str | CompositionError]:
    """Compose every fixture at once (one Node process each, in parallel)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(SCHEMA_DIRS, pool.map(_composed_or_error, SCHEMA_DIRS), strict=True))


@pytest.mark.parametrize("schema_dir", SCHEMA_DIRS, ids=[d.name for d in SCHEMA_DIRS])
def test_fixtures_are_fresh(
    schema_dir: Path, compositions: dict[Path, str | CompositionError]
) -> None:
    composed = compositions[schema_dir]
    assert isinstance(composed, str), f"composition of {schema_dir.name} failed: {composed}"
    committed = (schema_dir / "supergraph.graphql").read_text()
    assert committed == composed, (
        f"{schema_dir.name}/supergraph.graphql is stale: run "
        f"`python -m tests.router.conformance.record --compose {schema_dir.name}`"
    )


def test_every_fixture_has_enough_cases_with_expected_answers() -> None:
    for fixture in load_fixtures():
        if not (fixture.path / "cases.json").exists():  # schema shared by other fixtures
            continue
        cases = fixture.cases()
        assert len(cases) >= 5, f"{fixture.name} has only {len(cases)} cases"
        assert len({c.name for c in cases}) == len(cases), f"{fixture.name}: duplicate names"
        missing = [c.name for c in cases if c.expected is None]
        assert not missing, f"{fixture.name}: cases without expected: {missing}"
