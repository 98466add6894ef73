"""Every conformance case with the supergraph it runs against, for pytest parametrization."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.router_conformance.harness import Case, load_fixtures


def all_cases() -> list[tuple[Case, Path]]:
    return [(case, f.supergraph_path) for f in load_fixtures() for case in f.cases()]


def case_params() -> list[object]:
    return [pytest.param(case, supergraph, id=case.id) for case, supergraph in all_cases()]
