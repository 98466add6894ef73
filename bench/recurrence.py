"""`python -m bench.recurrence`: the month view of a user with many repeating events.

The whole platform runs as real processes (the test harness's ``start_stack``: mongoeco,
five subgraphs, router, web app). A fresh user gets ``BENCH_RECURRENCE_DAILY`` (25) daily
and ``BENCH_RECURRENCE_WEEKLY`` (25) weekday (MO-FR) series, which puts about 1,500
occurrences in the month view (its grid of whole weeks). Measured, ``BENCH_RECURRENCE_REPEAT``
(20) times each, on loopback: one ``myOccurrences`` page (500 occurrences) through the
router and from the events subgraph directly, all pages of the grid's range through the
router, and the month page of the web app (which loads those pages, joined events and
RSVPs, and renders). Reported: median and worst milliseconds. Not part of CI.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.paths import REPO_ROOT
from tests.stack.sessions.conftest import Api
from tests.stack.sessions.test_webapp import Browser
from tests.webapp.stack import start_stack

RESULT = REPO_ROOT / "bench" / "results" / "recurrence.json"
CREATE = "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }"
PAGE = """
query($from: DateTime!, $to: DateTime!, $after: String) {
  myOccurrences(from: $from, to: $to, first: 500, after: $after) {
    nodes { eventId recurrenceId title startsAt endsAt }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def _grid(month: date) -> tuple[datetime, datetime]:
    """The month view's range: whole weeks (Monday first) around ``month`` (UTC user)."""
    first = month.replace(day=1)
    start = first - timedelta(days=first.weekday())
    following = (first + timedelta(days=32)).replace(day=1)
    stop = following + timedelta(days=(7 - following.weekday()) % 7)
    return (
        datetime.combine(start, datetime.min.time(), UTC),
        datetime.combine(stop, datetime.min.time(), UTC),
    )


def _seed(api: Api, token: str, month: date, daily: int, weekly: int) -> None:
    begin = datetime.combine(month.replace(day=1) - timedelta(days=40), datetime.min.time(), UTC)
    for number in range(daily + weekly):
        start = begin + timedelta(hours=7, minutes=10 * number)
        rule = "FREQ=DAILY" if number < daily else "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        event = {
            "title": f"Series {number}",
            "startsAt": start.isoformat(),
            "endsAt": (start + timedelta(minutes=30)).isoformat(),
            "timeZone": "Europe/Berlin",
            "recurrence": rule,
        }
        api.data(CREATE, {"input": event}, token)


def _timed(action: Callable[[], Any], repeat: int) -> tuple[dict[str, float], Any]:
    samples, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        samples.append(time.perf_counter() - started)
    return {
        "p50_ms": round(statistics.median(samples) * 1000, 1),
        "max_ms": round(max(samples) * 1000, 1),
    }, result


def _all_pages(api: Api, token: str, start: datetime, stop: datetime) -> int:
    count, after = 0, None
    while True:
        variables = {"from": start.isoformat(), "to": stop.isoformat(), "after": after}
        page = api.data(PAGE, variables, token)["myOccurrences"]
        count += len(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            return count
        after = page["pageInfo"]["endCursor"]


def main() -> None:
    daily = int(os.environ.get("BENCH_RECURRENCE_DAILY", "25"))
    weekly = int(os.environ.get("BENCH_RECURRENCE_WEEKLY", "25"))
    repeat = int(os.environ.get("BENCH_RECURRENCE_REPEAT", "20"))
    month = (datetime.now(UTC).date().replace(day=1) + timedelta(days=40)).replace(day=1)
    start, stop = _grid(month)
    stack = start_stack(Path(tempfile.mkdtemp(prefix="bench-recurrence-")))
    try:
        api = Api(stack.router_url)
        username = api.register("bench")
        token = api.login(username).token
        _seed(api, token, month, daily, weekly)
        browser = Browser(stack.webapp_url)
        browser.log_in(username)
        variables = {"from": start.isoformat(), "to": stop.isoformat(), "after": None}
        one_page, _ = _timed(lambda: api.data(PAGE, variables, token), repeat)
        events = stack.subgraphs["events"].client(token)
        direct, _ = _timed(lambda: events.data(PAGE, variables), repeat)
        every_page, occurrences = _timed(lambda: _all_pages(api, token, start, stop), repeat)

        def month_page() -> int:
            response = browser.http.get("/", params={"date": month.isoformat()})
            assert response.status_code == 200, response.status_code
            return len(response.content)

        page_time, page_bytes = _timed(month_page, repeat)
        browser.http.close()
    finally:
        stack.stop()
    result = {
        "series": {"daily": daily, "weekdays": weekly},
        "range": [start.isoformat(), stop.isoformat()],
        "occurrences_in_view": occurrences,
        "repeat": repeat,
        "api_one_page_of_500": one_page,
        "events_subgraph_one_page_of_500": direct,
        "api_all_pages": {**every_page, "pages": -(-occurrences // 500)},
        "month_page": {**page_time, "bytes": page_bytes},
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
