"""Declarative reference validation (``@references(type:)`` marks in the supergraph).

Subgraphs mark the arguments and input fields that hold the key of an entity owned
elsewhere; before a mutation is sent, the router resolves every marked value through the
owning subgraph's ``_entities`` (with the caller's context) and refuses the operation with
one ``REFERENCE_NOT_FOUND`` error per missing entity. Nothing here knows our field names.

Scope: arguments of the public mutation root fields and every input field nested in them
(lists included); marks elsewhere (query arguments, nested fields) are read but not checked.
"""

from __future__ import annotations

from router.guards import GuardHost, OperationGuard
from router.references.collect import plan_mutation_references
from router.references.guard import ReferenceGuard
from router.references.marks import REFERENCES_SPEC, ReferenceConfigError, read_marks

__all__ = ["REFERENCES_SPEC", "ReferenceConfigError", "ReferenceGuard", "reference_guards"]


def reference_guards(host: GuardHost) -> tuple[OperationGuard, ...]:
    """The reference guard for the host's supergraph, or none when nothing is marked.

    Raises ``ReferenceConfigError`` when a mark cannot be enforced (unknown type, no or
    ambiguous owner, no key the marked value can express).
    """
    marks = read_marks(host.supergraph.schema)
    plans = plan_mutation_references(host.supergraph, host.api_schema, marks)
    return (ReferenceGuard(plans, host.transport),) if plans else ()
