"""Comparison of our answer to a random operation with Hive Gateway's, and the report.

Two answers agree when their ``data`` are equal JSON values (object key order ignored, list
order kept), both or neither have errors, and the multisets of error paths are equal
(messages differ between gateways). A disagreement gets the first class that applies:

- ``ours-data-invalid``: our response does not fit the operation (``response_shape``);
  checked on every answer, even one equal to Hive's. Ours is provably wrong.
- ``ours-error-peer-data``: Hive answered with data that fits the operation, and we have
  errors where it has none, or no data at all where it has some. Ours is provably wrong.
- ``peer-data-invalid``: Hive's response does not fit the operation; ours does. Hive is
  provably wrong (allowed, reported).
- ``peer-error-ours-data``: Hive has errors, we have none and our data fits the operation
  (allowed, reported: our data matches the spec's shape, Hive failed to produce any).
- ``error-paths-differ``: equal data, but different error paths; also when only we have
  errors and each points at a null of that data (e.g. an enum value the API schema lacks,
  which Hive nulls silently).
- ``both-error``: both have errors and different data.
- ``provided-source-differs``: the data differ only in values a fixture serves differently
  on purpose through `@provides` (``…-as-provided``, breaking the contract that a provided
  value equals its owner's so that tests see where a value came from): both plans are valid,
  one read the provided copy and the other the owner's (reported).
- ``data-differs``: neither has errors, data differ and both fit the operation. Nothing
  proves either side wrong: fails unless ``peer_bugs`` explains it.

Failing: ``ours-data-invalid``, and ``ours-error-peer-data`` and ``data-differs`` unless a
reviewed Hive bug of ``peer_bugs`` explains them (its pattern matches and Apollo Gateway,
asked on every disagreement, answers exactly as we do). ``error-paths-differ`` and
``both-error`` are reported only: Hive's error paths omit list indices
(``["products", "origin"]``), and which side is right needs a human.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.router.conformance.peer_bugs import PEER_BUGS
from tests.router.conformance.random_operations import Operation

Json = Any
IDENTICAL = "identical"
CLASSES = (
    "ours-data-invalid",
    "ours-error-peer-data",
    "peer-data-invalid",
    "peer-error-ours-data",
    "error-paths-differ",
    "both-error",
    "provided-source-differs",
    "data-differs",
)
FAILING = frozenset({"ours-data-invalid", "ours-error-peer-data", "data-differs"})
TRUNCATE = 1200


def _errors(response: Json) -> list[Json]:
    if not isinstance(response, dict):
        return [{"message": "not a JSON object"}]
    errors = response.get("errors")
    return errors if isinstance(errors, list) else []


def _data(response: Json) -> Json:
    return response.get("data") if isinstance(response, dict) else None


def error_paths(response: Json) -> Counter[str]:
    """The multiset of error paths (``null`` for errors without one)."""
    return Counter(
        json.dumps(e.get("path") if isinstance(e, dict) else None) for e in _errors(response)
    )


def _errors_at_nulls(response: Json) -> bool:
    """Whether every error has a path to a null in (or above a position missing from) data."""
    for error in _errors(response):
        path = error.get("path") if isinstance(error, dict) else None
        if not isinstance(path, list):
            return False
        value = _data(response)
        for segment in path:
            if value is None:
                break
            if isinstance(segment, int) and isinstance(value, list) and segment < len(value):
                value = value[segment]
            elif isinstance(segment, str) and isinstance(value, dict):
                value = value.get(segment)
            else:
                return False
        if value is not None:
            return False
    return True


def classify(ours: Json, peer: Json, ours_problems: list[str], peer_problems: list[str]) -> str:
    """``identical`` or the disagreement class (see the module docstring)."""
    if ours_problems:
        return "ours-data-invalid"
    ours_errors, peer_errors = bool(_errors(ours)), bool(_errors(peer))
    same_data = _data(ours) == _data(peer) and (
        isinstance(ours, dict) and isinstance(peer, dict) and ("data" in ours) == ("data" in peer)
    )
    if same_data and ours_errors == peer_errors and error_paths(ours) == error_paths(peer):
        return IDENTICAL
    if peer_problems:
        return "peer-data-invalid"
    if same_data and ours_errors and _errors_at_nulls(ours):
        return "error-paths-differ"  # the same data, and we explain its nulls (Hive does not)
    if (ours_errors and not peer_errors) or (_data(ours) is None and _data(peer) is not None):
        return "ours-error-peer-data"
    if peer_errors and not ours_errors:
        return "peer-error-ours-data"
    if ours_errors:
        return "error-paths-differ" if same_data else "both-error"
    if _without_provided_copies(_data(ours)) == _without_provided_copies(_data(peer)):
        return "provided-source-differs"
    return "data-differs"


PROVIDED_COPY_SUFFIX = "-as-provided"


def _without_provided_copies(value: Json) -> Json:
    """The data with every fixture's deliberately different provided copy made the owner's."""
    if isinstance(value, str):
        return value.removesuffix(PROVIDED_COPY_SUFFIX)
    if isinstance(value, list):
        return [_without_provided_copies(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_provided_copies(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class Outcome:
    """One random operation, both answers and the verdict."""

    fixture: str
    operation: Operation
    ours: Json
    peer: Json
    klass: str
    ours_problems: list[str]
    peer_problems: list[str]
    apollo: Json = None

    @property
    def explained_by(self) -> int | None:
        """The number (from 1) of the ``PEER_BUGS`` entry that explains this, if one does."""
        apollo_agrees = "ours" in self.apollo_vote.split(" and ") or (
            # a data disagreement: Apollo's data settles it (its errors may say more, e.g. a
            # needless lookup's failure)
            self.klass == "data-differs"
            and self.apollo is not None
            and _data(self.apollo) is not None
            and _data(self.apollo) == _data(self.ours)
        )
        for number, bug in enumerate(PEER_BUGS, 1):
            if bug.explains(self.fixture, self.klass, self.operation.query, apollo_agrees):
                return number
        return None

    @property
    def failing(self) -> bool:
        return self.klass in FAILING and self.explained_by is None

    @property
    def verdict(self) -> str:
        if self.failing:
            return "FAILING"
        if self.klass in FAILING:
            return f"allowed: known Hive bug {self.explained_by}"
        if self.klass in ("peer-data-invalid", "peer-error-ours-data"):
            return "allowed: Hive provably wrong"
        return "reported"

    @property
    def apollo_vote(self) -> str:
        """Which side Apollo Gateway's answer (a tie-breaker, asked on disagreements) matches."""
        if self.apollo is None:
            return "not asked"
        apollo = _value_completion_as_errors(self.apollo)
        sides = [
            name
            for name, answer in (("ours", self.ours), ("hive", self.peer))
            if classify(apollo, answer, [], []) == IDENTICAL
        ]
        return " and ".join(sides) or "neither"


def _value_completion_as_errors(response: Json) -> Json:
    """Apollo Gateway reports result-coercion errors in `extensions.valueCompletion` (with
    their paths) rather than in `errors`; count them as the errors they are."""
    if not isinstance(response, dict):
        return response
    extensions = response.get("extensions")
    completion = extensions.get("valueCompletion") if isinstance(extensions, dict) else None
    if not isinstance(completion, list) or not completion:
        return response
    rest = {key: value for key, value in response.items() if key != "extensions"}
    return {**rest, "errors": [*_errors(response), *completion]}


def _block(value: Json) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    if len(text) > TRUNCATE:
        text = text[:TRUNCATE] + f"... ({len(text)} chars)"
    return f"```\n{text}\n```"


def write_report(path: Path, seed: str, per_fixture: int, outcomes: list[Outcome]) -> None:
    """Markdown: counts per fixture and class, then every disagreement in full."""
    fixtures = sorted({o.fixture for o in outcomes})
    counts = Counter((o.fixture, o.klass) for o in outcomes)
    counts.update((o.fixture, "failing") for o in outcomes if o.failing)
    columns = [IDENTICAL, *CLASSES, "failing"]
    lines = [
        "# Random differential run: ours vs Hive Gateway",
        "",
        f"Seed `{seed}`, {per_fixture} operations per fixture, {len(outcomes)} in all; "
        f"{sum(o.failing for o in outcomes)} failing. Classes: see "
        "`tests/router/conformance/random_compare.py`.",
        "",
        "| fixture | " + " | ".join(columns) + " |",
        "|---" * (len(columns) + 1) + "|",
    ]
    for fixture in [*fixtures, "total"]:
        row = [
            sum(n for (f, k), n in counts.items() if k == c and fixture in (f, "total"))
            for c in columns
        ]
        lines.append(f"| {fixture} | " + " | ".join(str(n or "") for n in row) + " |")
    lines += ["", "Known Hive bugs (`peer_bugs.py`):", ""]
    lines += [f"{n}. {bug.reason}" for n, bug in enumerate(PEER_BUGS, 1)]
    for index, o in enumerate(o for o in outcomes if o.klass != IDENTICAL):
        lines += [
            "",
            f"## {index + 1}. {o.fixture}: {o.klass} ({o.verdict}; Apollo agrees with "
            f"{o.apollo_vote})",
            "",
            _block(o.operation.query),
            f"variables: `{json.dumps(o.operation.variables)}`",
            "",
            "ours:",
            _block(o.ours),
            "hive:",
            _block(o.peer),
        ]
        if o.apollo is not None:
            lines += ["apollo:", _block(o.apollo)]
        for side, problems in (("ours", o.ours_problems), ("hive", o.peer_problems)):
            if problems:
                lines += [f"{side} does not fit the operation:", _block("\n".join(problems[:10]))]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
