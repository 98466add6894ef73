"""Django set up once for the web app's tests: development settings, a throwaway data dir,
and a router URL where nothing listens (tests that need the router start the real stack)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import django
import pytest

from tests.support.processes import free_port

DATA_DIR = Path(tempfile.mkdtemp(prefix="webapp-tests-"))
NOWHERE = f"http://127.0.0.1:{free_port()}/graphql"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings.development")
os.environ["WEBAPP_DATA_DIR"] = str(DATA_DIR)
os.environ["ROUTER_URL"] = NOWHERE
os.environ["ROUTER_TIMEOUT"] = "3"
django.setup()


@pytest.fixture(scope="session")
def django_db() -> None:
    """Apply migrations to the throwaway SQLite database once."""
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", interactive=False, verbosity=0)
