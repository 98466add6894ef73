"""Pass: choose the operation to execute from a document."""

from __future__ import annotations

from graphql import DocumentNode, OperationDefinitionNode

from router.errors import RequestError, graphql_error


def pick_operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
    """The named operation, or the only one; `RequestError` otherwise."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        if len(operations) == 1:
            return operations[0]
        message = (
            "Must provide operation name if query contains multiple operations."
            if operations
            else "Must provide an operation."
        )
        raise RequestError([graphql_error(message, "BAD_REQUEST")])
    for operation in operations:
        if operation.name is not None and operation.name.value == operation_name:
            return operation
    raise RequestError(
        [graphql_error(f"Unknown operation named '{operation_name}'.", "BAD_REQUEST")]
    )
