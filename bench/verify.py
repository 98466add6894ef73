"""Check that every gateway returns the identical response for a workload."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Mismatch:
    """Why one gateway's answer was rejected."""

    gateway: str
    reason: str


def problem_with(status: int, payload: Any) -> str | None:
    """A reason the response is not a clean GraphQL success, or None."""
    if status != 200:
        return f"HTTP {status}: {str(payload)[:300]}"
    if not isinstance(payload, dict):
        return f"not a JSON object: {str(payload)[:300]}"
    if payload.get("errors"):
        return f"GraphQL errors: {json.dumps(payload['errors'])[:300]}"
    if payload.get("data") is None:
        return "no data"
    return None


def first_difference(expected: Any, actual: Any, path: str = "$") -> str | None:
    """Path and values of the first difference (dict key order ignored), or None if equal."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected.keys() | actual.keys():
            if key not in actual:
                return f"{path}.{key} missing"
            if key not in expected:
                return f"{path}.{key} unexpected"
            found = first_difference(expected[key], actual[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path} has {len(actual)} items, expected {len(expected)}"
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            found = first_difference(left, right, f"{path}[{index}]")
            if found:
                return found
        return None
    if expected != actual or type(expected) is not type(actual):
        return f"{path} = {json.dumps(actual)[:120]}, expected {json.dumps(expected)[:120]}"
    return None


def check_identical(
    answers: dict[str, tuple[int, Any]], preferred_reference: tuple[str, ...] = ()
) -> tuple[str | None, list[Mismatch]]:
    """Pick a reference among the clean answers and list every gateway that differs from it.

    The reference is the first clean answer in `preferred_reference` order, else any clean one.
    Returns (reference gateway or None when no answer is clean, mismatches).
    """
    problems = {name: problem_with(*answer) for name, answer in answers.items()}
    clean = [name for name, problem in problems.items() if problem is None]
    ordered = [name for name in preferred_reference if name in clean] + clean
    reference = ordered[0] if ordered else None
    mismatches = [
        Mismatch(name, problem) for name, problem in problems.items() if problem is not None
    ]
    if reference is not None:
        expected = answers[reference][1]
        for name in clean:
            difference = first_difference(expected, answers[name][1])
            if difference:
                mismatches.append(Mismatch(name, f"differs from {reference}: {difference}"))
    return reference, mismatches
