"""Declarative reference validation (``@references(type:)`` marks in the supergraph).

Subgraphs mark the arguments and input fields that hold the key of an entity owned
elsewhere; before a mutation is sent, the router resolves every marked value through the
owning subgraph's ``_entities`` (with the caller's context) and refuses the operation with
one ``REFERENCE_NOT_FOUND`` error per missing entity. Nothing here knows our field names.

Scope: arguments of the public mutation root fields and every input field nested in them
(lists included); marks elsewhere (query arguments, nested fields) are read but not checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from router.guards import OperationGuard
from router.references.collect import plan_mutation_references
from router.references.guard import ReferenceGuard
from router.references.marks import REFERENCES_SPEC, ReferenceConfigError, read_marks

if TYPE_CHECKING:
    from router.engine import Engine

__all__ = ["REFERENCES_SPEC", "ReferenceConfigError", "ReferenceGuard", "reference_guards"]


def reference_guards(engine: Engine) -> tuple[OperationGuard, ...]:
    """The reference guard for the engine's supergraph, or none when nothing is marked.

    Raises ``ReferenceConfigError`` when a mark cannot be enforced (unknown type, no or
    ambiguous owner, no key the marked value can express).
    """
    marks = read_marks(engine.supergraph.schema)
    plans = plan_mutation_references(engine.supergraph, engine.api_schema, marks)
    return (ReferenceGuard(plans, engine.transport),) if plans else ()
