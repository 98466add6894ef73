"""``python -m devtools.loadtest`` (``make loadtest``): start a local stack, register the users,
run the load ``LOADTEST_RUNS`` times for ``LOADTEST_DURATION`` seconds with ``LOADTEST_USERS``
users, print the report and save it under ``LOADTEST_OUTPUT`` (default ``.data/loadtest``).

Exit code 0 when every action of every run succeeded and no service died, 1 otherwise.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from devtools.loadtest import operations as ops
from devtools.loadtest.api_user import ApiUser
from devtools.loadtest.browser import BrowserUser
from devtools.loadtest.clients import ApiClient, WebClient
from devtools.loadtest.data import document_counts
from devtools.loadtest.memory import cpu_snapshot, snapshot
from devtools.loadtest.recorder import ActionFailed, Recorder
from devtools.loadtest.report import RunResult, write_report
from devtools.loadtest.settings import LoadSettings
from devtools.loadtest.stack import LocalStack, start_local_stack
from devtools.loadtest.user import PASSWORD, Account, Basics, SimulatedUser

REGISTER_ATTEMPTS = 3
RETRY_AFTER_SECONDS = 5.0
SETTLE_SECONDS = 3.0  # after a run, before reading memory: let in-flight work finish


async def register_users(stack: LocalStack, settings: LoadSettings) -> list[Account]:
    """Register the users through the router (not measured), two at a time: each registration
    hashes a password, which the users subgraph does one after the other."""
    prefix = f"lt{uuid.uuid4().hex[:6]}"
    gate = asyncio.Semaphore(2)
    api = ApiClient(stack.router_url, settings.request_timeout)

    async def register(index: int) -> Account:
        username = f"{prefix}u{index:03d}"
        person = {
            "username": username,
            "email": f"{username}@example.org",
            "password": PASSWORD,
            "displayName": f"Load User {index}",
        }
        async with gate:
            for attempt in range(REGISTER_ATTEMPTS):
                try:
                    data = await api.data(ops.REGISTER, {"input": person})
                    return Account(data["register"]["id"], username)
                except ActionFailed as failure:
                    if "CONFLICT" in str(failure):  # an earlier attempt went through
                        data = await api.data(ops.LOGIN, {"u": username, "p": PASSWORD})
                        return Account(data["login"]["user"]["id"], username)
                    if attempt + 1 == REGISTER_ATTEMPTS:
                        raise
                    await asyncio.sleep(RETRY_AFTER_SECONDS)  # e.g. RATE_LIMITED: busy hashing
        raise AssertionError("unreachable")

    try:
        return list(await asyncio.gather(*(register(i) for i in range(settings.users))))
    finally:
        await api.close()


def simulated_users(
    stack: LocalStack, people: list[Account], settings: LoadSettings
) -> list[SimulatedUser]:
    """The first ``api_users`` people use the API, the others the web app; they arrive one by
    one, evenly spread over the ramp-up, in a shuffled order; the same people (and browsers,
    with their sessions) come back for every run."""
    users: list[SimulatedUser] = []
    timeout = settings.request_timeout
    order = random.Random(0).sample(range(len(people)), len(people))
    for index, account in enumerate(people):
        common = Basics(
            account=account,
            people=people,
            settings=settings,
            rng=random.Random(index),
            arrival=settings.ramp_up * order[index] / len(people),
        )
        if index < settings.api_users:
            users.append(ApiUser(**common, api=ApiClient(stack.router_url, timeout)))
        else:
            users.append(BrowserUser(**common, web=WebClient(stack.webapp_url, timeout)))
    return users


async def run_once(
    number: int, stack: LocalStack, users: list[SimulatedUser], settings: LoadSettings
) -> RunResult:
    """Every user arrives during the ramp-up and acts until the run ends (the first run
    includes everyone's login: the browsers keep their sessions for the later runs)."""
    rss_before, cpu_before = snapshot(stack.pids()), cpu_snapshot(stack.pids())
    recorder = Recorder()
    started, generator_cpu = time.monotonic(), time.process_time()
    deadline = asyncio.get_running_loop().time() + settings.duration
    await asyncio.gather(*(user.run(recorder, deadline) for user in users))
    seconds = time.monotonic() - started
    await asyncio.sleep(SETTLE_SECONDS)
    cpu = {name: used - cpu_before[name] for name, used in cpu_snapshot(stack.pids()).items()}
    cpu["load generator"] = time.process_time() - generator_cpu
    rss_after = snapshot(stack.pids())
    documents = await document_counts(stack.config.mongodb_uri)
    return RunResult(number, seconds, len(users), recorder, rss_before, rss_after, cpu, documents)


async def main_async(settings: LoadSettings) -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="fedcal-loadtest-"))
    print(f"loadtest: starting the stack (data in {data_dir}, log in {settings.output_dir})")
    stack = await start_local_stack(data_dir, settings.output_dir / "stack.log")
    results: list[RunResult] = []
    try:
        people = await register_users(stack, settings)
        print(f"loadtest: {len(people)} users registered; web app at {stack.webapp_url}")
        users = simulated_users(stack, people, settings)
        for number in range(1, settings.runs + 1):
            print(f"loadtest: run {number}/{settings.runs} ({settings.duration:.0f} s)...")
            result = await run_once(number, stack, users, settings)
            results.append(result)
            print(
                f"loadtest: run {number}: {result.recorder.total} actions, "
                f"{result.recorder.error_count} errors, {result.throughput:.1f} actions/s"
            )
        died = stack.died()
        for user in users:
            await user.close()
    finally:
        await stack.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    header = [
        f"## Load test ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs)",
        "",
        f"{settings.users} users ({settings.users - settings.api_users} in the web app, "
        f"{settings.api_users} API clients), {settings.runs} runs of {settings.duration:.0f} s, "
        f"first arrivals over {settings.ramp_up:.0f} s, think time {settings.think_min}-"
        f"{settings.think_max} s; stack: mongoeco (SQLite), five subgraphs, router, web app "
        "(one process each).",
    ]
    if died:
        header.append(f"**Services that died during the test: {', '.join(died)}**")
    print(write_report(results, settings.output_dir, header))
    failed = died or any(result.recorder.error_count for result in results)
    return 1 if failed else 0


def main() -> int:
    return asyncio.run(main_async(LoadSettings.from_env()))


if __name__ == "__main__":
    sys.exit(main())
