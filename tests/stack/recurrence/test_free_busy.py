"""Free/busy through the router honours calendar shares on every path: yourself, a
FREE_BUSY or DETAILS share, a revoked share, a stranger, an unknown account. A stranger
learns nothing, not even "busy"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bson import ObjectId

from tests.stack.sessions.conftest import Api, Login, eventually

CREATE = "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }"
JOIN = "mutation($id: ID!) { joinEvent(eventId: $id) { id } }"
SHARE = "mutation($g: ID!, $l: ShareLevel!) { shareCalendar(granteeId: $g, level: $l) { id } }"
REVOKE = "mutation($g: ID!) { revokeShare(granteeId: $g) }"
FREE_BUSY = """
query($ids: [ID!]!, $from: DateTime!, $to: DateTime!) {
  freeBusy(userIds: $ids, from: $from, to: $to) { userId status busy { startsAt endsAt } }
}
"""
THEIR_OCCURRENCES = """
query($id: ID!, $from: DateTime!, $to: DateTime!) {
  user(id: $id) { occurrences(from: $from, to: $to) { nodes { title startsAt access } } }
}
"""
START = (datetime.now(UTC) + timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
WINDOW = {"from": START.isoformat(), "to": (START + timedelta(days=21)).isoformat()}


def event(title: str, start: datetime, minutes: int = 60, **fields: Any) -> dict[str, Any]:
    return {
        "input": {
            "title": title,
            "startsAt": start.isoformat(),
            "endsAt": (start + timedelta(minutes=minutes)).isoformat(),
            **fields,
        }
    }


def busy_of(api: Api, asker: Login, *user_ids: str) -> list[dict[str, Any]]:
    answer: list[dict[str, Any]] = api.data(
        FREE_BUSY, {"ids": list(user_ids), **WINDOW}, asker.token
    )["freeBusy"]
    return answer


def test_free_busy_honours_shares_on_every_path(api: Api) -> None:
    owner, asker, host = (api.login(api.register(p)) for p in ("fbo", "fba", "fbh"))
    api.data(
        CREATE, event("Private daily", START, 30, recurrence="FREQ=DAILY;COUNT=3"), owner.token
    )
    api.data(CREATE, event("Private single", START + timedelta(days=5, hours=3)), owner.token)
    public = api.data(
        CREATE, event("Host's talk", START + timedelta(days=8), 90, isPublic=True), host.token
    )["createEvent"]["id"]
    api.data(JOIN, {"id": public}, owner.token)
    expected = [
        (START + timedelta(days=day), START + timedelta(days=day, minutes=30)) for day in range(3)
    ] + [
        (START + timedelta(days=5, hours=3), START + timedelta(days=5, hours=4)),
        (START + timedelta(days=8), START + timedelta(days=8, minutes=90)),
    ]

    def periods(answer: dict[str, Any]) -> list[tuple[datetime, datetime]]:
        return [
            (datetime.fromisoformat(p["startsAt"]), datetime.fromisoformat(p["endsAt"]))
            for p in answer["busy"]
        ]

    nobody = str(ObjectId())
    stranger = busy_of(api, asker, owner.user_id, nobody)
    assert stranger == [
        {"userId": owner.user_id, "status": "UNKNOWN", "busy": []},
        {"userId": nobody, "status": "UNKNOWN", "busy": []},
    ]
    [mine] = busy_of(api, owner, owner.user_id)
    assert (mine["status"], periods(mine)) == ("KNOWN", expected)

    api.data(SHARE, {"g": asker.user_id, "l": "FREE_BUSY"}, owner.token)

    def known() -> dict[str, Any] | None:
        [answer] = busy_of(api, asker, owner.user_id)
        return answer if answer["status"] == "KNOWN" else None

    shared = eventually(known, "the free/busy share reaches the events subgraph")
    assert periods(shared) == expected
    seen = api.data(THEIR_OCCURRENCES, {"id": owner.user_id, **WINDOW}, asker.token)
    nodes = seen["user"]["occurrences"]["nodes"]
    assert {(n["title"], n["access"]) for n in nodes} == {(None, "FREE_BUSY")}
    assert len(nodes) == 4  # the talk is the host's, not the owner's

    api.data(SHARE, {"g": asker.user_id, "l": "DETAILS"}, owner.token)
    assert periods(busy_of(api, asker, owner.user_id)[0]) == expected

    api.data(REVOKE, {"g": asker.user_id}, owner.token)
    eventually(
        lambda: busy_of(api, asker, owner.user_id)[0]["status"] == "UNKNOWN" or None,
        "the revocation reaches the events subgraph",
    )
    assert busy_of(api, asker, owner.user_id) == [
        {"userId": owner.user_id, "status": "UNKNOWN", "busy": []}
    ]
    seen = api.data(THEIR_OCCURRENCES, {"id": owner.user_id, **WINDOW}, asker.token)
    assert seen["user"]["occurrences"]["nodes"] == []


def test_free_busy_refuses_bad_requests(api: Api) -> None:
    asker = api.login(api.register("fbx"))
    too_long = {"from": WINDOW["from"], "to": (START + timedelta(days=63)).isoformat()}
    for variables, field in [
        ({"ids": [], **WINDOW}, "userIds"),
        ({"ids": [asker.user_id] * 21, **WINDOW}, "userIds"),
        ({"ids": ["nope"], **WINDOW}, "userIds"),
        ({"ids": [asker.user_id], **too_long}, "to"),
    ]:
        body = api.post(FREE_BUSY, variables, asker.token).json()
        [error] = body["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", body
        assert error["extensions"]["field"] == field
