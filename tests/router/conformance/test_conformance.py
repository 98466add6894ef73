"""Our router (``python -m router``) answers every fixture case as the spec says."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.router.conformance.cases import case_params
from tests.router.conformance.conftest import Stack
from tests.router.conformance.harness import Case, mismatches


@pytest.mark.parametrize(("case", "supergraph"), case_params())
def test_router_conforms(case: Case, supergraph: Path, stack: Stack) -> None:
    assert case.expected is not None, f"{case.id} has no expected response"
    problems = mismatches(case.expected, stack.ours(case, supergraph), case.unordered)
    assert not problems, f"{case.id}: {case.query}\n" + "\n".join(problems)
