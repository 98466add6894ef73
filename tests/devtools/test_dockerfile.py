"""The Dockerfile: multi-stage, locked dependencies, non-root runtime, code that exists."""

from __future__ import annotations

import re

from tests.support.processes import PROJECT_ROOT

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
BOOTSTRAP = (PROJECT_ROOT / "devtools" / "bootstrap.sh").read_text()


def _instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    result = []
    for line in joined.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, rest = stripped.partition(" ")
            result.append((keyword.upper(), rest.strip()))
    return result


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for keyword, rest in _instructions():
        if keyword == "FROM":
            stages.append([])
        stages[-1].append((keyword, rest))
    return stages


def test_two_stages_on_python_3_13_slim() -> None:
    stages = _stages()
    assert len(stages) == 2
    assert [stage[0][1].split()[0] for stage in stages] == ["python:3.13-slim"] * 2


def test_builder_installs_the_locked_runtime_dependencies_with_uv() -> None:
    builder = _stages()[0]
    runs = [rest for keyword, rest in builder if keyword == "RUN"]
    assert any("uv sync --frozen --no-dev" in run for run in runs)
    uv_pin = re.search(r'UV_VERSION="([^"]+)"', BOOTSTRAP)
    assert uv_pin is not None
    assert any(f"uv=={uv_pin.group(1)}" in run for run in runs), "same uv as make bootstrap"


def test_runtime_runs_as_a_non_root_user() -> None:
    runtime = _stages()[1]
    users = [rest for keyword, rest in runtime if keyword == "USER"]
    assert users, "the runtime stage must switch to a non-root USER"
    assert users[-1].split(":")[0] not in ("root", "0")


def test_runtime_copies_the_venv_and_existing_code() -> None:
    runtime = _stages()[1]
    copies = [rest.split() for keyword, rest in runtime if keyword == "COPY"]
    assert ["--from=builder", "/app/.venv", "/app/.venv"] in copies
    for source, *_ in (copy for copy in copies if not copy[0].startswith("--")):
        assert (PROJECT_ROOT / source.rstrip("/")).exists(), f"COPY {source}: missing"


def test_dockerignore_keeps_local_state_and_secrets_out() -> None:
    ignored = (PROJECT_ROOT / ".dockerignore").read_text().splitlines()
    for entry in (".venv", ".data", "secrets", ".git", "node_modules"):
        assert entry in ignored, entry
