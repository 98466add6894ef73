"""`make secrets` writes keys the services accept, keeps them on rerun, and keeps them private."""

from __future__ import annotations

import stat
from pathlib import Path

from devtools.make_secrets import (
    JWT_KEY_FILE,
    WEBAPP_ENV_FILE,
    make_secrets,
)
from subgraphs.users.settings import UsersSettings
from subgraphs.users.signing import load_signing_key


def test_generated_jwt_key_is_accepted_by_the_users_subgraph_in_production(
    tmp_path: Path,
) -> None:
    make_secrets(tmp_path / "secrets")
    settings = UsersSettings.model_construct(
        name="users",
        app_env="production",
        data_dir=tmp_path / "no-such-dir",
        jwt_private_key=None,
        jwt_private_key_file=tmp_path / "secrets" / JWT_KEY_FILE,
    )
    key = load_signing_key(settings)
    assert key.is_private and key.kid


def test_rerun_keeps_existing_secrets_and_force_replaces_them(tmp_path: Path) -> None:
    directory = tmp_path / "secrets"
    make_secrets(directory)
    first = (directory / JWT_KEY_FILE).read_text()
    assert "kept" in make_secrets(directory)[0]
    assert (directory / JWT_KEY_FILE).read_text() == first
    make_secrets(directory, force=True)
    assert (directory / JWT_KEY_FILE).read_text() != first


def test_directory_is_private_and_django_key_is_written(tmp_path: Path) -> None:
    directory = tmp_path / "secrets"
    make_secrets(directory)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    env = (directory / WEBAPP_ENV_FILE).read_text()
    assert env.startswith("DJANGO_SECRET_KEY=") and len(env.strip()) > 60
