"""The web app's trusted-documents manifest is fresh and every document is valid for the API."""

from __future__ import annotations

import json
import subprocess

from graphql import parse, validate

from router.api_schema import build_api_schema
from router.incremental.schema import validation_schema
from tests.support.processes import PROJECT_ROOT, PYTHON
from webapp.documents import MANIFEST, document_id


def test_manifest_matches_the_web_apps_operations() -> None:
    checked = subprocess.run(
        [PYTHON, "-m", "webapp.documents", "--check"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def test_every_listed_document_is_valid_for_the_supergraph() -> None:
    supergraph = (PROJECT_ROOT / "supergraph.graphql").read_text(encoding="utf-8")
    schema = validation_schema(build_api_schema(supergraph))  # as the router validates
    operations = json.loads(MANIFEST.read_text(encoding="utf-8"))["operations"]
    assert len(operations) >= 20
    for operation in operations:
        assert operation["id"] == document_id(operation["body"])
        errors = validate(schema, parse(operation["body"]))
        assert not errors, (operation["name"], [error.message for error in errors])
