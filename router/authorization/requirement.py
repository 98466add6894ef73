"""What one field needs from the caller: authentication, scopes and policies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from router.interfaces import Identity

# One directive's argument: satisfied when any of the AND-sets is fully held (OR of ANDs).
type AnyOfAll = frozenset[frozenset[str]]


def any_of_all(value: object) -> AnyOfAll:
    """`[["a", "b"], ["c"]]` (a directive argument) as an OR of AND-sets."""
    if isinstance(value, str):
        return frozenset({frozenset({value})})
    groups: set[frozenset[str]] = set()
    for group in value if isinstance(value, list | tuple) else ():
        if isinstance(group, str):
            groups.add(frozenset({group}))
        elif isinstance(group, list | tuple):
            groups.add(frozenset(str(item) for item in group))
    return frozenset(groups)


def _held(condition: AnyOfAll, held: frozenset[str]) -> bool:
    return any(group <= held for group in condition)


@dataclass(frozen=True, slots=True)
class Requirement:
    """The conjunction of every authorization directive guarding one field."""

    authenticated: bool = False
    scopes: frozenset[AnyOfAll] = frozenset()  # each from one @requiresScopes
    policies: frozenset[AnyOfAll] = frozenset()  # each from one @policy

    @property
    def is_empty(self) -> bool:
        """Whether nothing is required."""
        return not (self.authenticated or self.scopes or self.policies)

    def policy_names(self) -> frozenset[str]:
        """Every policy this requirement mentions (what the evaluator is asked about)."""
        names = (name for condition in self.policies for group in condition for name in group)
        return frozenset(names)

    def allows(self, identity: Identity | None, satisfied_policies: frozenset[str]) -> bool:
        """Anonymous callers fail authentication and scopes; policies are judged as given."""
        if identity is None and (self.authenticated or self.scopes):
            return False
        if identity is not None and not all(_held(c, identity.scopes) for c in self.scopes):
            return False
        return all(_held(condition, satisfied_policies) for condition in self.policies)


def combine(requirements: Iterable[Requirement]) -> Requirement:
    """All of `requirements` at once."""
    authenticated = False
    scopes: set[AnyOfAll] = set()
    policies: set[AnyOfAll] = set()
    for requirement in requirements:
        authenticated = authenticated or requirement.authenticated
        scopes.update(requirement.scopes)
        policies.update(requirement.policies)
    return Requirement(authenticated, frozenset(scopes), frozenset(policies))
