"""The fetch graph: one step per subgraph request, with dependencies between steps."""

from __future__ import annotations

from dataclasses import dataclass, field

from router.normalize.inclusion import Term
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
    entity: bool
    deps: set[int] = field(default_factory=set)
    selection: SelectionBuilder = field(default_factory=SelectionBuilder)
    requires: SelectionBuilder = field(default_factory=SelectionBuilder)
    typename_rewrites: dict[str, str] = field(default_factory=dict)  # concrete -> sent typename
    key_fields: dict[str, set[str]] = field(default_factory=dict)  # concrete -> top-level keys
    gate: Term = frozenset()  # @skip/@include literals that must hold for it to run
    type_gates: dict[str, Term] = field(default_factory=dict)  # type condition -> literals


class FetchGraph:
    """All steps of one plan; entity steps to one subgraph at one path after the same steps
    are shared (a representation shape that would conflict gets a step of its own)."""

    def __init__(self) -> None:
        self.steps: list[FetchStep] = []
        self._entity_index: dict[
            tuple[str, tuple[str, ...], frozenset[int], Term], list[FetchStep]
        ] = {}

    def root_step(self, subgraph: str, kind: str) -> FetchStep:
        """A new root step."""
        step = FetchStep(len(self.steps), subgraph, kind, [], entity=False)
        step.selection = SelectionBuilder(kind)
        self.steps.append(step)
        return step

    def entity_steps(
        self, subgraph: str, path: tuple[str, ...], deps: frozenset[int], gate: Term
    ) -> list[FetchStep]:
        """The entity steps already fetching from `subgraph` at `path` after exactly `deps`,
        whose representations wait for the same @skip/@include literals (`gate`)."""
        return self._entity_index.get((subgraph, path, deps, gate), [])

    def new_entity_step(
        self, subgraph: str, path: tuple[str, ...], deps: frozenset[int], gate: Term
    ) -> FetchStep:
        """A new entity step (shared by later requests for the same place and gate)."""
        step = FetchStep(len(self.steps), subgraph, "query", [path], entity=True)
        step.deps = set(deps)
        self.steps.append(step)
        self._entity_index.setdefault((subgraph, path, deps, gate), []).append(step)
        return step


@dataclass(eq=False)
class StepBatch:
    """Entity steps to one subgraph that run as a single request (one `_entities` each)."""

    id: int
    subgraph: str
    steps: list[FetchStep]
    deps: set[int]


type PlanStep = FetchStep | StepBatch
