"""Differential check: Apollo Gateway and Hive Gateway on every case, next to ours.

A peer whose answer differs from the case's expected (spec-supported) answer must be named in
the case's ``divergences`` with the spec reasoning; ours must give the expected answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.router.conformance.cases import case_params
from tests.router.conformance.conftest import Stack
from tests.router.conformance.harness import PEERS, Case, mismatches


@pytest.mark.parametrize(("case", "supergraph"), case_params())
def test_peers_and_ours_agree_on_spec_answer(case: Case, supergraph: Path, stack: Stack) -> None:
    assert case.expected is not None, f"{case.id} has no expected response"
    report = []
    for peer in PEERS:
        answer = stack.peer(peer, case, supergraph)
        problems = mismatches(case.expected, answer, case.unordered)
        if problems and peer not in case.divergences:
            report.append(f"[{peer}] undocumented divergence:\n  " + "\n  ".join(problems))
    problems = mismatches(case.expected, stack.ours(case, supergraph), case.unordered)
    if problems:
        documented = [p for p in PEERS if p in case.divergences]
        report.append(
            f"[ours] differs from the spec answer (peers diverging: {documented or 'none'}):\n  "
            + "\n  ".join(problems)
        )
    assert not report, f"{case.id}: {case.query}\n" + "\n".join(report)
