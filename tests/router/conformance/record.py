"""Developer tool: draft and verify expected responses against the peers.

    python -m tests.router.conformance.record [--fill] [--ours] [FIXTURE ...]

Supergraphs are composed from the fixtures' subgraphs at first use; ``--fill`` stores Apollo
Gateway's answer as ``expected`` for cases that have none (review them: expected answers must be
the spec-supported ones); every case whose peers disagree with ``expected`` is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import httpx

from tests.router.conformance.harness import (
    PEERS,
    Fixture,
    execute,
    load_fixtures,
    mismatches,
    running,
    start_peer_gateways,
    start_router,
    start_subgraph_server,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("fixtures", nargs="*")
    parser.add_argument("--fill", action="store_true")
    parser.add_argument("--ours", action="store_true", help="also run python -m router")
    parser.add_argument("--oracle", choices=PEERS, default="apollo", help="answer used by --fill")
    args = parser.parse_args()
    fixtures = [
        f
        for f in load_fixtures(include_faults=True)
        if not args.fixtures or f.name in args.fixtures
    ]
    supergraphs = sorted({f.supergraph_path for f in fixtures})
    server, base = start_subgraph_server()
    with running(server), tempfile.TemporaryDirectory() as tmp:
        gateways = {}
        procs = []
        for peer in PEERS:
            proc, urls = start_peer_gateways(peer, supergraphs, base, Path(tmp))
            procs.append(proc)
            gateways[peer] = urls
        with running(*procs), httpx.Client(timeout=30) as client:
            for fixture in fixtures:
                targets = {peer: gateways[peer][fixture.supergraph_path] for peer in PEERS}
                ours = None
                if args.ours:
                    ours, targets["ours"] = start_router(fixture.supergraph_path, base)
                try:
                    report_fixture(client, fixture, targets, args.fill, args.oracle)
                finally:
                    if ours is not None:
                        ours.stop()
    return 0


def report_fixture(
    client: httpx.Client, fixture: Fixture, targets: dict[str, str], fill: bool, oracle: str
) -> None:
    cases_path = fixture.path / "cases.json"
    if not cases_path.exists():
        return
    raw_cases = json.loads(cases_path.read_text())
    for raw, case in zip(raw_cases, fixture.cases(), strict=True):
        answers = {name: execute(client, url, case) for name, url in targets.items()}
        if case.expected is None:
            if fill:
                raw["expected"] = answers[oracle]
            same = all(a == answers["apollo"] for a in answers.values())
            print(f"== {case.id} (new) {'all agree' if same else 'DISAGREE'}")
            for name, answer in answers.items():
                if name == "apollo" or not same:
                    print(f"   {name}: {json.dumps(answer)}")
            continue
        for name, answer in answers.items():
            problems = mismatches(case.expected, answer, case.unordered)
            if problems:
                print(f"== {case.id} [{name}] " + "\n   ".join(problems))
    if fill:
        cases_path.write_text(json.dumps(raw_cases, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
