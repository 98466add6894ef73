"""Every conformance case with the supergraph it runs against, for pytest parametrization."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.router.conformance.harness import Case, load_fixtures
from tests.router.conformance.known_gaps import KNOWN_GAPS


def all_cases() -> list[tuple[Case, Path]]:
    return [(case, f.supergraph_path) for f in load_fixtures() for case in f.cases()]


def case_params() -> list[object]:
    return [
        pytest.param(case, supergraph, id=case.id, marks=_known_gap(case.id))
        for case, supergraph in all_cases()
    ]


def _known_gap(case_id: str) -> list[pytest.MarkDecorator]:
    reason = KNOWN_GAPS.get(case_id)
    if reason is None:
        return []
    return [pytest.mark.xfail(strict=True, reason=f"known gap: {reason}")]
