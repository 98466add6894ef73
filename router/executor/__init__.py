"""Plan execution: fetches, batched representations, merging and subgraph error paths."""

from router.executor.runner import ExecutionState, PlanExecutor

__all__ = ["ExecutionState", "PlanExecutor"]
