"""Deciding which `@policy` names hold for a request (pluggable)."""

from __future__ import annotations

from typing import Protocol

from router.interfaces import RequestContext

POLICIES_CLAIM = "policies"


class PolicyEvaluator(Protocol):
    """Decides which of the policies an operation depends on the request satisfies."""

    async def satisfied(self, policies: frozenset[str], context: RequestContext) -> frozenset[str]:
        """The subset of `policies` that hold (`context.identity` is None when anonymous)."""
        ...


class ClaimsPolicyEvaluator:
    """Default evaluator: a policy holds when the identity's `policies` list claim names it.

    An anonymous request, or a token without a list-valued `policies` claim, satisfies none.
    """

    async def satisfied(self, policies: frozenset[str], context: RequestContext) -> frozenset[str]:
        identity = context.identity
        if identity is None:
            return frozenset()
        granted = identity.claims.get(POLICIES_CLAIM)
        if not isinstance(granted, list | tuple | set | frozenset):
            return frozenset()
        return policies & {name for name in granted if isinstance(name, str)}
