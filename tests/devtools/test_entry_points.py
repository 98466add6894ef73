"""The Makefile targets, the bootstrap script and .ci/run are well-formed and idempotent."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.support.processes import PROJECT_ROOT

TARGETS = ["run", "test", "lint", "supergraph", "bench", "loadtest", "secrets", "bootstrap"]


@pytest.mark.parametrize("script", ["devtools/bootstrap.sh", ".ci/run"])
def test_shell_scripts_parse_and_are_strict(script: str) -> None:
    path = PROJECT_ROOT / script
    assert os.access(path, os.X_OK), f"{script} must be executable"
    subprocess.run(["bash", "-n", str(path)], check=True)
    assert "set -euo pipefail" in path.read_text()


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "make test </dev/null" in ci
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make test" in readme


def test_every_documented_make_target_exists() -> None:
    result = subprocess.run(
        ["make", "-n", *TARGETS], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "devtools.run_stack" in result.stdout
    assert "pytest" in result.stdout


def test_loadtest_runs_the_load_test_module() -> None:
    result = subprocess.run(
        ["make", "-n", "loadtest"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "-m devtools.loadtest" in result.stdout


def test_bootstrap_is_quiet_and_quick_once_done() -> None:
    script = str(PROJECT_ROOT / "devtools" / "bootstrap.sh")
    subprocess.run([script], cwd=PROJECT_ROOT, check=True, capture_output=True)
    again = subprocess.run([script], cwd=PROJECT_ROOT, check=True, capture_output=True, text=True)
    assert again.stdout == "" and again.stderr == "", "a second bootstrap must do nothing"
