"""graphql-http's GraphQL-over-HTTP audit: every MUST passes (SHOULD/MAY counts reported)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _audit(url: str, *extra: str) -> dict[str, object]:
    completed = subprocess.run(
        ["node", str(HERE / "audit.mjs"), url, *extra],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(completed.stdout)
    return result


@pytest.mark.parametrize("mode", ["plain", "preflight"])
def test_graphql_over_http_audit_has_no_must_failures(dev_router: str, mode: str) -> None:
    extra = ("--preflight",) if mode == "preflight" else ()
    result = _audit(f"{dev_router}/graphql", *extra)
    print(f"graphql-http audit ({mode}):", json.dumps(result["summary"]))
    failures = result["failures"]
    assert isinstance(failures, list)
    assert [failure for failure in failures if failure["status"] == "error"] == []
    summary = result["summary"]
    assert isinstance(summary, dict)
    assert summary["ok"] > 50
    if mode == "preflight":
        assert summary == {"ok": result["total"], "error": 0, "warn": 0, "notice": 0}
