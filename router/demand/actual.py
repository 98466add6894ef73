"""The actual cost of an answered operation: the same weights as the estimate, with the
lists' real lengths (null and missing values cost nothing)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from router.demand.model import MUTATION_BASE_COST, CostModel
from router.normalize import NField, NormalizedOperation, NSelection


def actual_cost(
    model: CostModel,
    operation: NormalizedOperation,
    variables: Mapping[str, Any],
    data: Mapping[str, Any] | None,
) -> int:
    """The cost of the response ``data`` the operation returned."""
    base = MUTATION_BASE_COST if operation.kind == "mutation" else 0
    if not data:
        return base
    return base + _Measure(model, variables).selection(operation.root, data)


class _Measure:
    __slots__ = ("model", "variables")

    def __init__(self, model: CostModel, variables: Mapping[str, Any]) -> None:
        self.model = model
        self.variables = variables

    def selection(self, selection: NSelection, value: Mapping[str, Any]) -> int:
        if not selection.abstract:
            return self.fields(selection.fields, value)
        typename = value.get("__typename")
        fields = selection.by_type.get(typename) if isinstance(typename, str) else None
        if fields is not None:
            return self.fields(fields, value)
        return max((self.fields(each, value) for each in selection.by_type.values()), default=0)

    def fields(self, fields: list[NField], value: Mapping[str, Any]) -> int:
        total = 0
        for field in fields:
            found = value.get(field.response_key)
            if found is not None and not field.name.startswith("__"):
                total += self.field(field, found)
        return total

    def field(self, field: NField, found: Any) -> int:
        cost = self.model.field(field.parent_type, field.name)
        if cost is None:
            return 0
        arguments = self.model.arguments_cost(cost, field.arguments, self.variables)
        return arguments + self.items(field, cost.weight, found)

    def items(self, field: NField, weight: int, found: Any) -> int:
        if isinstance(found, list):
            return sum(self.items(field, weight, item) for item in found if item is not None)
        if isinstance(found, dict) and field.selection is not None:
            return weight + self.selection(field.selection, found)
        return weight
