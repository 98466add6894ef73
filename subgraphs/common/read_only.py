"""Read-only callers (a feed key's token, scope ``feed:read``) cannot run mutations.

Checked in every subgraph before anything executes, from the scope the router's credential
states; the refusal is ``FORBIDDEN``.
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from subgraphs.common.auth import Viewer
from subgraphs.common.errors import Forbidden

READ_ONLY_MESSAGE = "This credential may only read (it is a calendar feed key)."


class ReadOnlyCallers(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        viewer = getattr(execution.context, "viewer", None)
        if (
            isinstance(viewer, Viewer)
            and viewer.read_only
            and execution.operation_type is OperationType.MUTATION
        ):
            raise Forbidden(READ_ONLY_MESSAGE)
        yield
