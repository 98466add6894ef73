"""Importing events (as the web app sends a parsed calendar file): all or nothing, UIDs
recognised, overrides kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pymongo
import pytest

from tests.subgraphs.conftest import Account
from tests.support.subgraphs import GraphQLClient, only_error

IMPORT = """
mutation($events: [ImportEventInput!]!) {
  importEvents(events: $events) {
    created { id uid title recurrence { rule overrides { recurrenceId startsAt title } } }
    skippedUids
  }
}
"""
KNOWN = "query($uids: [String!]!) { myImportedUids(uids: $uids) }"


def single(uid: str = "single-1@example.org", **fields: Any) -> dict[str, Any]:
    return {
        "uid": uid,
        "title": "Dentist",
        "startsAt": "2030-05-02T10:00:00+02:00",
        "endsAt": "2030-05-02T10:30:00+02:00",
        "timeZone": "Europe/Berlin",
        **fields,
    }


def series(uid: str = "series-1@example.org", **fields: Any) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "title": "Choir",
        "recurrence": "FREQ=WEEKLY;BYDAY=TH;COUNT=10",
        "overrides": [
            {
                "recurrenceId": "2030-05-09T08:00:00Z",
                "startsAt": "2030-05-09T18:00:00+02:00",
                "title": "Choir (evening)",
            }
        ],
    }
    return single(uid, **{**defaults, **fields})


@pytest.fixture
def owner(new_account: Callable[..., Account]) -> Account:
    return new_account("Importer")


def test_import_stores_events_with_uids_and_skips_them_the_second_time(
    events: GraphQLClient, owner: Account
) -> None:
    client = events.with_token(owner.token)
    first = client.data(IMPORT, {"events": [single(), series()]})["importEvents"]
    again = client.data(IMPORT, {"events": [single(), series(), single("new@x")]})["importEvents"]

    assert [(e["uid"], e["title"]) for e in first["created"]] == [
        ("single-1@example.org", "Dentist"),
        ("series-1@example.org", "Choir"),
    ]
    assert first["created"][1]["recurrence"] == {
        "rule": "FREQ=WEEKLY;COUNT=10;BYDAY=TH",
        "overrides": [
            {
                "recurrenceId": "2030-05-09T08:00:00+00:00",
                "startsAt": "2030-05-09T16:00:00+00:00",
                "title": "Choir (evening)",
            }
        ],
    }
    assert first["skippedUids"] == []
    assert [e["uid"] for e in again["created"]] == ["new@x"]
    assert again["skippedUids"] == ["single-1@example.org", "series-1@example.org"]
    assert client.data(KNOWN, {"uids": ["new@x", "other", "series-1@example.org"]}) == {
        "myImportedUids": ["new@x", "series-1@example.org"]
    }


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (series("b", recurrence="FREQ=DAILY;COUNT=0"), "events.1.recurrence"),
        (series("b", overrides=[{"recurrenceId": "2030-05-10T08:00:00Z"}]), "events.1.overrides"),
        (single("b", overrides=[{"recurrenceId": "2030-05-02T08:00:00Z"}]), "events.1.overrides"),
        (single(" "), "events.1.uid"),
        (single("b", endsAt="2030-05-01T00:00:00Z"), "events.1.endsAt"),
    ],
)
def test_one_bad_event_stores_nothing(
    events: GraphQLClient,
    owner: Account,
    mongo: pymongo.MongoClient[dict[str, Any]],
    bad: dict[str, Any],
    field: str,
) -> None:
    body = events.with_token(owner.token).execute(IMPORT, {"events": [single(), bad]})

    error = only_error(body)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert error["message"].startswith("Event 2 (")
    assert mongo["events"]["events"].count_documents({"ownerId": owner.id}) == 0
