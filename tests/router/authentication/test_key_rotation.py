"""The users subgraph rotates its signing key: the router picks the new ``kid`` up from the
JWKS (refetched on an unknown kid) and stops trusting tokens of the retired key."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from joserfc.jwk import OKPKey

from plumbing.keys import generate_key
from tests.router.authentication.conftest import ME, Router, RouterFactory
from tests.router.authentication.tokens import sign
from tests.support.router_credentials import ROUTER_ENV
from tests.support.subgraphs import RunningSubgraph, start_subgraph

REFETCH_INTERVAL = 0.2


def start_users(mongo_uri: str, data_dir: Path, key: OKPKey, port: int | None) -> RunningSubgraph:
    env = {"USERS_JWT_PRIVATE_KEY": json.dumps(key.as_dict(private=True))}
    return start_subgraph("users", mongo_uri, env, data_dir=data_dir, port=port)


@pytest.fixture
def rotating_users(mongo_uri: str, tmp_path: Path) -> Iterator[list[RunningSubgraph]]:
    running: list[RunningSubgraph] = []
    yield running
    for subgraph in running:
        subgraph.stop()


def test_a_new_kid_is_picked_up_and_the_retired_key_refused(
    mongo_uri: str,
    tmp_path: Path,
    start_router: RouterFactory,
    rotating_users: list[RunningSubgraph],
) -> None:
    old_key, new_key = generate_key(), generate_key()
    users = start_users(mongo_uri, tmp_path, old_key, None)
    rotating_users.append(users)
    router: Router = start_router(
        {"users": users},
        {
            **ROUTER_ENV,
            "ROUTER_JWKS_URL": users.jwks_url,
            "ROUTER_JWKS_REFETCH_INTERVAL": str(REFETCH_INTERVAL),
        },
    )
    before = router.register("rotate")
    assert router.data(ME, token=before.token)["me"]["id"] == before.id

    users.stop()
    rotating_users.append(start_users(mongo_uri, tmp_path, new_key, users.port))
    time.sleep(REFETCH_INTERVAL * 2)  # let the refetch rate limit pass (not an assertion)

    after = router.register("rotated")
    assert router.data(ME, token=after.token)["me"]["id"] == after.id
    retired = sign(old_key, sub=after.id, username=after.username)
    response = router.post(ME, token=retired)
    assert response.status_code == 401, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
