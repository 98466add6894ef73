"""The static cost of a normalized operation, computed before any subgraph is called.

A field costs its weight plus its selection's cost, times the list size for a list; its
arguments' weights are added once. The size of a list comes from its ``@listSize`` (the
largest slicing argument given or defaulted, else ``assumedSize``), from a parent's
``@listSize(sizedFields:)``, else ``default_list_size``. On an abstract type, the most
expensive possible type counts. Introspection fields (``__typename``, ``__schema``…) are free.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from router.demand.model import MUTATION_BASE_COST, CostModel
from router.normalize import NField, NormalizedOperation, NSelection


def estimated_cost(
    model: CostModel,
    operation: NormalizedOperation,
    variables: Mapping[str, Any],
    default_list_size: int,
) -> int:
    """The operation's estimated cost (a mutation adds its base cost)."""
    estimate = _Estimate(model, variables, default_list_size)
    base = MUTATION_BASE_COST if operation.kind == "mutation" else 0
    return base + estimate.selection(operation.root, {})


class _Estimate:
    __slots__ = ("default_list_size", "model", "variables")

    def __init__(
        self, model: CostModel, variables: Mapping[str, Any], default_list_size: int
    ) -> None:
        self.model = model
        self.variables = variables
        self.default_list_size = default_list_size

    def selection(self, selection: NSelection, sized: Mapping[str, int]) -> int:
        if not selection.abstract:
            return self.fields(selection.fields, sized)
        return max((self.fields(fields, sized) for fields in selection.by_type.values()), default=0)

    def fields(self, fields: list[NField], sized: Mapping[str, int]) -> int:
        return sum(self.field(field, sized.get(field.name)) for field in fields)

    def field(self, field: NField, inherited_size: int | None) -> int:
        if field.name.startswith("__"):
            return 0
        cost = self.model.field(field.parent_type, field.name)
        if cost is None:
            return 0
        arguments = self.model.arguments_cost(cost, field.arguments, self.variables)
        spec = cost.list_size
        size = None
        child_sizes: dict[str, int] = {}
        if spec is not None:
            values = self.model.argument_values(cost, field.arguments, self.variables)
            size = spec.size(values)
            if spec.sized_fields:
                child_sizes = dict.fromkeys(spec.sized_fields, self._or_default(size))
                size = None  # the size is the children's, not this field's
        children = self.selection(field.selection, child_sizes) if field.selection else 0
        item = cost.weight + children
        if field.list_depth == 0:
            return arguments + item
        count = inherited_size if inherited_size is not None else self._or_default(size)
        return arguments + int(count**field.list_depth) * item

    def _or_default(self, size: int | None) -> int:
        return self.default_list_size if size is None else size
