"""Measure what a user sees when one subgraph is down, against a running local stack.

Start the stack first (``python -m devtools.run_stack --base-port 5600 --no-demo-data``), then
``python -m devtools.measure_outage --base-port 5600 --webapp-port 5690 [--only users,events]``.
It seeds two users and their data, then for each subgraph: stops its process (found by module
name and port), runs the web app's queries through the router and GETs the web app's pages,
prints what came back, and restarts the subgraph with the environment it had.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

SUBGRAPHS = ("users", "events", "invitations", "participations", "calendars")
PASSWORD = "outage-pass-123"
NOTICE = re.compile(r'<(?:p|aside|h1)[^>]*(?:class="notice[^"]*"|id="problem-title")[^>]*>(.*?)</')
TAGS = re.compile(r"<[^>]+>|\s+")


@dataclass(frozen=True)
class Fixture:
    """The seeded data: alice owns the events and shares her calendar with bob."""

    alice_id: str
    alice_token: str
    bob_name: str
    bob_token: str
    public_event: str
    private_event: str


class Router:
    """A tiny GraphQL client for the router."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=30)

    def run(self, query: str, variables: dict[str, Any] | None = None, token: str = "") -> Any:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        body = {"query": query, "variables": variables or {}}
        return self.client.post("/graphql", json=body, headers=headers).json()

    def data(self, query: str, variables: dict[str, Any], token: str = "") -> Any:
        answer = self.run(query, variables, token)
        if answer.get("errors"):
            raise RuntimeError(f"seeding failed: {answer['errors']}")
        return answer["data"]


def register(router: Router, name: str) -> tuple[str, str]:
    """Register and log in; returns (user id, token)."""
    user_input = {"username": name, "email": f"{name}@example.org", "password": PASSWORD}
    user_input["displayName"] = name.capitalize()
    router.data("mutation($i:RegisterInput!){register(input:$i){id}}", {"i": user_input})
    login = router.data(
        "mutation($u:String!,$p:String!){login(username:$u,password:$p){token user{id}}}",
        {"u": name, "p": PASSWORD},
    )["login"]
    return str(login["user"]["id"]), str(login["token"])


def create_event(router: Router, token: str, title: str, public: bool) -> str:
    event_input = {
        "title": title,
        "startsAt": "2026-12-01T10:00:00Z",
        "endsAt": "2026-12-01T11:00:00Z",
        "isPublic": public,
    }
    query = "mutation($i:CreateEventInput!){createEvent(input:$i){id}}"
    return str(router.data(query, {"i": event_input}, token)["createEvent"]["id"])


def seed(router: Router) -> Fixture:
    suffix = uuid.uuid4().hex[:6]
    alice_id, alice_token = register(router, f"alice{suffix}")
    bob_id, bob_token = register(router, f"bob{suffix}")
    public_event = create_event(router, alice_token, "Public launch party", True)
    private_event = create_event(router, alice_token, "Private planning", False)
    for event_id in (public_event, private_event):
        router.data(
            "mutation($e:ID!,$u:ID!){invite(eventId:$e,inviteeId:$u){id}}",
            {"e": event_id, "u": bob_id},
            alice_token,
        )
    router.data("mutation($e:ID!){joinEvent(eventId:$e){id}}", {"e": public_event}, bob_token)
    router.data(
        "mutation($u:ID!){shareCalendar(granteeId:$u,level:DETAILS){id}}",
        {"u": bob_id},
        alice_token,
    )
    return Fixture(alice_id, alice_token, f"bob{suffix}", bob_token, public_event, private_event)


def probes(fixture: Fixture) -> dict[str, tuple[str, dict[str, Any], str]]:
    """name -> (query, variables, token); the shapes the web app's pages ask for."""
    bob, alice = fixture.bob_token, fixture.alice_token
    event = (
        "query($id:ID!){event(id:$id){title owner{displayName} participantCount"
        " participants{nodes{user{displayName}}} invitations{nodes{status invitee{displayName}}}"
        " myParticipation{id} myInvitation{status}}}"
    )
    return {
        "me": ("{me{displayName email}}", {}, bob),
        "myEvents": ("{myEvents{nodes{title owner{displayName} participantCount}}}", {}, alice),
        "event(public, owner)": (event, {"id": fixture.public_event}, alice),
        "event(private, invitee)": (event, {"id": fixture.private_event}, bob),
        "myInvitations": (
            "{myInvitations{nodes{status event{title} inviter{displayName}}}}",
            {},
            bob,
        ),
        "myParticipations": ("{myParticipations{nodes{event{title}}}}", {}, bob),
        "sharesReceived": (
            "{sharesReceived{nodes{level owner{displayName events{nodes{title}}}}}}",
            {},
            bob,
        ),
        "publicEvents": ("{publicEvents{nodes{title owner{displayName}}}}", {}, ""),
        "login": (
            "mutation($u:String!,$p:String!){login(username:$u,password:$p){token}}",
            {"u": fixture.bob_name, "p": PASSWORD},
            "",
        ),
    }


def summarize(answer: Any) -> str:
    """data (compact) plus each error's code, path and message."""
    data = json.dumps(answer.get("data"), separators=(",", ":"))
    lines = [f"    data: {data[:300]}"]
    for error in answer.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        path = ".".join(str(part) for part in error.get("path") or [])
        lines.append(f"    error: {code} at {path or '-'}: {error.get('message')}")
    return "\n".join(lines)


def webapp_session(url: str, username: str) -> httpx.Client:
    """A web app client logged in through the login form."""
    client = httpx.Client(base_url=url, timeout=30, follow_redirects=False)
    page = client.get("/accounts/login/").text
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if match is None:
        raise RuntimeError("no CSRF token on the login page")
    form = {"csrfmiddlewaretoken": match[1], "username": username, "password": PASSWORD}
    answer = client.post("/accounts/login/", data=form, headers={"referer": f"{url}/"})
    if answer.status_code != 302:
        raise RuntimeError(f"web app login failed: {answer.status_code}")
    return client


def webapp_pages(fixture: Fixture) -> list[str]:
    event = fixture.public_event
    return [
        "/",
        "/agenda/",
        "/events/public/",
        f"/events/{event}/",
        f"/events/{event}/participants/",
        f"/invitations/event/{event}/",
        "/invitations/",
        "/sharing/",
        f"/sharing/calendar/{fixture.alice_id}/month/",
    ]


def describe_page(client: httpx.Client, path: str) -> str:
    answer = client.get(path)
    notices = [TAGS.sub(" ", html.unescape(text)).strip() for text in NOTICE.findall(answer.text)]
    where = f" -> {answer.headers['location']}" if answer.is_redirect else ""
    return f"    GET {path}: {answer.status_code}{where} {notices or ''}".rstrip()


def subgraph_pid(name: str, port: int) -> int:
    """The pid of ``python -m subgraphs.<name>`` listening on ``port`` (from its environment)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        wanted = f"{name.upper()}_PORT={port}".encode()
        if f"subgraphs.{name}".encode() in cmdline and wanted in environ:
            return int(proc.name)
    raise LookupError(f"no subgraphs.{name} process on port {port}")


def stop(pid: int) -> tuple[list[str], dict[str, str], str]:
    """Stop a process; returns what is needed to start it again."""
    proc = Path(f"/proc/{pid}")
    argv = [part.decode() for part in (proc / "cmdline").read_bytes().split(b"\0") if part]
    pairs = (item.decode().partition("=") for item in (proc / "environ").read_bytes().split(b"\0"))
    env = {key: value for key, _, value in pairs if key}
    cwd = os.readlink(proc / "cwd")
    os.kill(pid, signal.SIGTERM)
    while not _gone(proc):
        time.sleep(0.1)
    return argv, env, cwd


def _gone(proc: Path) -> bool:
    """The process has exited (reaped, or a zombie its parent has not reaped yet)."""
    try:
        return (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def wait_ready(router_url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{router_url}/ready", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError("the router never became ready again")


def measure(router: Router, web: httpx.Client, fixture: Fixture, label: str) -> None:
    print(f"== {label}")
    for name, (query, variables, token) in probes(fixture).items():
        print(f"  {name}\n{summarize(router.run(query, variables, token))}")
    for path in webapp_pages(fixture):
        print(describe_page(web, path))
    sys.stdout.flush()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base-port", type=int, default=5600, help="the router's port")
    parser.add_argument("--webapp-port", type=int, default=8000)
    parser.add_argument("--only", default=",".join(SUBGRAPHS), help="subgraphs to stop in turn")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    router_url = f"http://127.0.0.1:{args.base_port}"
    router = Router(router_url)
    fixture = seed(router)
    web = webapp_session(f"http://127.0.0.1:{args.webapp_port}", fixture.bob_name)
    measure(router, web, fixture, "all up")
    restarted: list[subprocess.Popen[bytes]] = []
    try:
        for name in args.only.split(","):
            port = args.base_port + 1 + SUBGRAPHS.index(name)
            command, env, cwd = stop(subgraph_pid(name, port))
            try:
                measure(router, web, fixture, f"{name} down")
            finally:
                restarted.append(restart(command, env, cwd))
                wait_ready(router_url)
    finally:
        for process in restarted:  # not the stack runner's children: it cannot stop them
            process.terminate()
            process.wait()
    print("== done; the subgraphs this script restarted are stopped again")
    return 0


def restart(command: list[str], env: dict[str, str], cwd: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


if __name__ == "__main__":
    raise SystemExit(main())
