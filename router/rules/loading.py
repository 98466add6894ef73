"""Load an application's rules from ``package.module:ATTRIBUTE``."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from router.rules.model import Rule


def load_rules(spec: str) -> tuple[Rule, ...]:
    """The rules named by ``spec``; a clear ``ValueError`` when it names nothing usable."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"ROUTER_RULES must look like 'package.module:RULES', not {spec!r}.")
    rules = getattr(importlib.import_module(module_name), attribute, None)
    if not isinstance(rules, Sequence) or not all(isinstance(rule, Rule) for rule in rules):
        raise ValueError(f"{spec} is not a sequence of router.rules.Rule.")
    return tuple(rules)
