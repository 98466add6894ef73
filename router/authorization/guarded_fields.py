"""Which fields of a normalized operation are guarded, and by what (computed once per plan)."""

from __future__ import annotations

from dataclasses import dataclass, field

from router.authorization.filtering import Restriction
from router.authorization.requirement import Requirement
from router.authorization.schema_rules import AuthorizationRules
from router.normalize.tree import NField, NormalizedOperation, NSelection


@dataclass(frozen=True, slots=True)
class GuardedField:
    """A selected field with a requirement; `ancestors` are the guarded fields above it."""

    index: int
    field: NField
    requirement: Requirement
    ancestors: tuple[int, ...]


@dataclass(eq=False)
class OperationGuards:
    """The guarded fields of one normalized operation, grouped by distinct requirement."""

    operation: NormalizedOperation
    fields: tuple[GuardedField, ...]
    by_requirement: dict[Requirement, tuple[int, ...]]
    policies: frozenset[str]  # every policy the operation depends on
    restrictions: dict[frozenset[int], Restriction] = field(default_factory=dict)

    def outermost(self, denied: set[int]) -> frozenset[int]:
        """Denied fields that are not inside another denied field (the cache key)."""
        return frozenset(
            index
            for index in denied
            if not any(ancestor in denied for ancestor in self.fields[index].ancestors)
        )


def _sub_lists(selection: NSelection) -> list[list[NField]]:
    return list(selection.by_type.values()) if selection.abstract else [selection.fields]


def collect_guards(
    rules: AuthorizationRules, operation: NormalizedOperation
) -> OperationGuards | None:
    """Guarded fields of `operation`; None when nothing in it is guarded."""
    guarded: list[GuardedField] = []

    def visit(fields: list[NField], ancestors: tuple[int, ...]) -> None:
        for selected in fields:
            if selected.name.startswith("__"):
                continue  # __typename and introspection are never guarded
            inner = ancestors
            requirement = rules.field_requirement(selected.parent_type, selected.name)
            if requirement is not None:
                index = len(guarded)
                guarded.append(GuardedField(index, selected, requirement, ancestors))
                inner = (*ancestors, index)
            if selected.selection is not None:
                for sub in _sub_lists(selected.selection):
                    visit(sub, inner)

    for root_fields in _sub_lists(operation.root):
        visit(root_fields, ())
    if not guarded:
        return None
    by_requirement: dict[Requirement, list[int]] = {}
    for entry in guarded:
        by_requirement.setdefault(entry.requirement, []).append(entry.index)
    return OperationGuards(
        operation=operation,
        fields=tuple(guarded),
        by_requirement={req: tuple(indexes) for req, indexes in by_requirement.items()},
        policies=frozenset().union(*(req.policy_names() for req in by_requirement)),
    )
