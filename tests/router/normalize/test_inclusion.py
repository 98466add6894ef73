"""`inclusion`: @skip/@include conditions as disjunctions of conjunctions of literals."""

from __future__ import annotations

from router.normalize.inclusion import (
    ALWAYS,
    NEVER,
    Inclusion,
    both,
    either,
    holds,
    literal,
    without,
)


def _terms(*terms: dict[str, bool]) -> Inclusion:
    return frozenset(frozenset(term.items()) for term in terms)


A = literal("a", True)
NOT_A = literal("a", False)
B = literal("b", True)
C = literal("c", True)


def test_literal_is_one_term_of_one_literal() -> None:
    assert _terms({"a": True}) == A
    assert _terms({"a": False}) == NOT_A


def test_both_with_always_is_the_other() -> None:
    assert both(ALWAYS, A) == A
    assert both(A, ALWAYS) == A
    assert both(ALWAYS, ALWAYS) is ALWAYS


def test_both_conjoins_terms() -> None:
    assert both(A, B) == _terms({"a": True, "b": True})


def test_both_distributes_over_alternatives() -> None:
    assert both(either(A, B), C) == _terms({"a": True, "c": True}, {"b": True, "c": True})


def test_both_drops_contradictory_terms() -> None:
    assert both(A, NOT_A) == NEVER
    assert both(either(A, B), NOT_A) == _terms({"a": False, "b": True})


def test_either_with_always_is_always() -> None:
    assert either(ALWAYS, A) is ALWAYS
    assert either(A, ALWAYS) is ALWAYS


def test_either_collects_alternatives() -> None:
    assert either(A, B) == _terms({"a": True}, {"b": True})
    assert either(A, A) == A


def test_holds() -> None:
    assert holds(ALWAYS, {})
    assert holds(A, {"a": True})
    assert not holds(A, {"a": False})
    assert not holds(A, {})  # an unset variable is false
    assert holds(NOT_A, {})
    conjunction = both(A, B)
    assert holds(conjunction, {"a": True, "b": True})
    assert not holds(conjunction, {"a": True, "b": False})
    assert holds(either(A, B), {"b": True})


def test_a_contradiction_never_holds() -> None:
    assert not holds(NEVER, {"a": True})
    assert not holds(NEVER, {"a": False})
    assert either(NEVER, A) == A


def test_without_removes_known_literals() -> None:
    known = frozenset({("a", True)})
    assert without(both(A, B), known) == B
    assert without(ALWAYS, known) is ALWAYS


def test_without_is_always_once_a_term_is_known_to_hold() -> None:
    assert without(either(A, B), frozenset({("a", True)})) is ALWAYS


def test_without_drops_terms_the_known_literals_contradict() -> None:
    assert without(either(both(NOT_A, B), C), frozenset({("a", True)})) == C
    assert without(NOT_A, frozenset({("a", True)})) == NEVER
