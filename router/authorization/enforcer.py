"""The authorization façade used by the engine: guards per plan, restriction per request."""

from __future__ import annotations

from graphql import GraphQLSchema

from router.authorization.filtering import Restriction, restrict
from router.authorization.guarded_fields import OperationGuards, collect_guards
from router.authorization.policies import ClaimsPolicyEvaluator, PolicyEvaluator
from router.authorization.schema_rules import AuthorizationRules
from router.interfaces import RequestContext
from router.normalize.tree import NormalizedOperation


class Authorization:
    """Enforces `@authenticated`, `@requiresScopes` and `@policy` of one supergraph.

    Costs nothing for supergraphs without these directives and for operations that select no
    guarded field (`guards` returns None). Otherwise each request only evaluates the
    operation's distinct requirements; the filtered operation is cached per denied set.
    """

    def __init__(self, schema: GraphQLSchema, evaluator: PolicyEvaluator | None = None) -> None:
        self.rules = AuthorizationRules(schema)
        self.evaluator: PolicyEvaluator = evaluator or ClaimsPolicyEvaluator()

    @property
    def enabled(self) -> bool:
        """Whether the supergraph applies any authorization directive."""
        return self.rules.enabled

    def guards(self, operation: NormalizedOperation) -> OperationGuards | None:
        """The guarded fields of a normalized operation (once per cached plan)."""
        return collect_guards(self.rules, operation) if self.rules.enabled else None

    async def restriction(
        self, guards: OperationGuards, context: RequestContext
    ) -> Restriction | None:
        """What this request may not see; None when every guarded field is allowed."""
        satisfied: frozenset[str] = frozenset()
        if guards.policies:
            satisfied = guards.policies & await self.evaluator.satisfied(guards.policies, context)
        identity = context.identity
        denied: set[int] = set()
        for requirement, indexes in guards.by_requirement.items():
            if not requirement.allows(identity, satisfied):
                denied.update(indexes)
        if not denied:
            return None
        key = guards.outermost(denied)
        found = guards.restrictions.get(key)
        if found is None:
            fields = frozenset(guards.fields[index].field for index in key)
            found = guards.restrictions[key] = restrict(guards.operation, key, fields)
        return found
