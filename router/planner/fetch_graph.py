"""The fetch graph: one step per subgraph request, with dependencies between steps."""

from __future__ import annotations

from dataclasses import dataclass, field

from router.planner.selection_builder import SelectionBuilder


@dataclass(eq=False)
class FetchStep:
    """One subgraph request being planned.

    Root steps select root fields; entity steps select `... on Type` fragments under
    `_entities` and carry the representation shape in `requires`. An entity step starts with
    one path; optimizations may give it several (objects from all of them share one call).
    """

    id: int
    subgraph: str
    kind: str
    paths: list[tuple[str, ...]]
    parent: FetchStep | None
    entity: bool
    deps: set[int] = field(default_factory=set)
    selection: SelectionBuilder = field(default_factory=SelectionBuilder)
    requires: SelectionBuilder = field(default_factory=SelectionBuilder)
    typename_rewrites: dict[str, str] = field(default_factory=dict)  # concrete -> sent typename
    key_fields: dict[str, set[str]] = field(default_factory=dict)  # concrete -> top-level keys


class FetchGraph:
    """All steps of one plan, with reuse of compatible entity steps."""

    def __init__(self) -> None:
        self.steps: list[FetchStep] = []
        self.touched: list[FetchStep] = []
        self._entity_index: dict[tuple[int, str, tuple[str, ...], frozenset[int]], FetchStep] = {}

    def root_step(self, subgraph: str, kind: str) -> FetchStep:
        """A new root step."""
        step = FetchStep(len(self.steps), subgraph, kind, [], None, entity=False)
        self.steps.append(step)
        self.touched.append(step)
        return step

    def entity_step(
        self, parent: FetchStep, subgraph: str, path: tuple[str, ...], extra_deps: frozenset[int]
    ) -> FetchStep:
        """The entity step fetching from `subgraph` at `path` after `parent` (merged if equal)."""
        key = (parent.id, subgraph, path, extra_deps)
        step = self._entity_index.get(key)
        if step is None:
            step = FetchStep(len(self.steps), subgraph, "query", [path], parent, entity=True)
            step.deps = {parent.id, *extra_deps}
            self.steps.append(step)
            self._entity_index[key] = step
        self.touched.append(step)
        return step


@dataclass(eq=False)
class StepBatch:
    """Entity steps to one subgraph that run as a single request (one `_entities` each)."""

    id: int
    subgraph: str
    steps: list[FetchStep]
    deps: set[int]


type PlanStep = FetchStep | StepBatch
