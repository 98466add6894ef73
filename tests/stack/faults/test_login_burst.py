"""A burst of logins (each one an argon2id hash) while another client keeps reading users.

Every login either succeeds or is refused at once with RATE_LIMITED and a retry delay (never a
timeout or an internal error), and the users subgraph keeps answering the reads meanwhile.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.stack.faults.conftest import World
from tests.stack.faults.platform import FaultPlatform, Loop
from tests.support.accounts import LOGIN, credentials

BURST = 12
READ_USER = "query($id: ID!) { user(id: $id) { id username displayName } }"


def test_login_burst_is_served_or_refused_cleanly(platform: FaultPlatform, world: World) -> None:
    def log_in(_: int) -> dict[str, Any]:
        with httpx.Client(timeout=60) as client:
            variables = credentials(world.bob.username)
            response = client.post(
                platform.stack.router_url, json={"query": LOGIN, "variables": variables}
            )
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            return body

    def read(client: httpx.Client) -> httpx.Response:
        return client.post(
            platform.stack.router_url,
            json={"query": READ_USER, "variables": {"id": world.alice.id}},
            headers={"authorization": f"Bearer {world.alice.token}"},  # lookups need a login
        )

    with Loop(read, pause=0.1) as reader, ThreadPoolExecutor(BURST) as pool:
        answers = list(pool.map(log_in, range(BURST)))

    refused = [answer for answer in answers if answer.get("errors")]
    for answer in refused:
        (error,) = answer["errors"]
        assert error["extensions"]["code"] == "RATE_LIMITED", answer
        assert error["extensions"]["retryAfter"] > 0, answer
    served = [answer for answer in answers if not answer.get("errors")]
    assert all(answer["data"]["login"]["token"] for answer in served)
    assert served, "no login of the burst was served"
    assert reader.records, "no read was answered during the burst"
    assert all(r.status == 200 and not r.body.get("errors") for r in reader.records), [
        r.body for r in reader.records if r.body.get("errors")
    ]
    print(
        f"\nlogin burst: {len(served)} served, {len(refused)} refused, {len(reader.records)} reads"
    )
