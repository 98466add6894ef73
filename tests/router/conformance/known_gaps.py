"""Cases our router does not pass yet, each with the reason and the issue that tracks it.

They run as strict ``xfail``: the day one passes, the suite fails until it is removed here,
so this list can only shrink and never hides a regression elsewhere.
"""

from __future__ import annotations

_ISSUE_11 = "planner rewrite, issue 11"
_REQUIRES = f"{_ISSUE_11}: @requires crossing subgraphs"
_KEYLESS = f"{_ISSUE_11}: keyless types in several subgraphs"
_INTERFACE_OBJECT = f"{_ISSUE_11}: @interfaceObject"
_SHAPES = f"{_ISSUE_11}: subgraph queries fitted to the subgraph"
_ENUMS = f"{_ISSUE_11}: output coercion to the API schema"
_REQUIRES_ARGS = f"{_ISSUE_11}: @requires of one field with several arguments"
_PROVIDES = f"{_ISSUE_11}: @provides on abstract-typed fields"
_SHAREABLE_ABSTRACT = f"{_ISSUE_11}: abstract types below @shareable fields"
_CONDITIONS = f"{_ISSUE_11}: @skip/@include with variables"

KNOWN_GAPS: dict[str, str] = {}
