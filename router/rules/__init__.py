"""Named cross-service rules around mutations (the router's middleman, part 2).

The router stays generic: an application lists its rules in a module of its own and points
``ROUTER_RULES`` at it (``package.module:ATTRIBUTE``). Each rule names the root mutation
field it guards; the router runs its ``before`` step after reference validation and before
anything is sent, and its ``after`` step once the operation ran.
"""

from router.rules.guard import RulesGuard, rules_guard_factory
from router.rules.loading import load_rules
from router.rules.model import (
    Durable,
    FieldOutcome,
    IntentFinished,
    Planned,
    Rule,
    RuleCall,
    RuleGateway,
    RuleViolation,
)

__all__ = [
    "Durable",
    "FieldOutcome",
    "IntentFinished",
    "Planned",
    "Rule",
    "RuleCall",
    "RuleGateway",
    "RuleViolation",
    "RulesGuard",
    "load_rules",
    "rules_guard_factory",
]
