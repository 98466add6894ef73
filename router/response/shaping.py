"""Build the client's `data` from merged subgraph data, following the normalized operation.

Handles aliases (data is keyed by response key already), `__typename`, removal of fields
fetched only for keys/requires, and null propagation per the GraphQL spec. A non-null field
left null because a subgraph answered null for the entity (deleted, or hidden from the caller)
gets ENTITY_NOT_FOUND, naming that subgraph, not INTERNAL_SERVER_ERROR: the data is not broken,
the reference is dangling.
"""

from __future__ import annotations

import json
from typing import Any

from router.executor.merge import ABSENT
from router.normalize.tree import NField, NSelection
from router.normalize.uniform import uniform_fields

_INVALID = object()  # a non-null position got null: propagate to the nearest nullable parent


class _Shaper:
    __slots__ = ("error_paths", "errors", "path")

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        self.error_paths = {tuple(e["path"]) for e in errors if isinstance(e.get("path"), list)}
        self.path: list[str | int] = []

    def null_error(self, field: NField) -> None:
        # Unexplained by any other error: the subgraph broke the schema's contract.
        self.error(
            f"Cannot return null for non-nullable field {field.parent_type}.{field.name}.",
            "INTERNAL_SERVER_ERROR",
        )

    def entity_not_found(self, typename: str, service: str) -> None:
        self.error(
            f"The {service} service has no {typename} for this reference: it was deleted, "
            "or you may not see it.",
            "ENTITY_NOT_FOUND",
            serviceName=service,
        )

    def failed_sibling(self, source: dict[str, Any], fields: list[NField]) -> bool:
        """A non-null field of this object is null with its own error: the object is null for
        that reason, and a sibling nulled with it (e.g. by the subgraph) needs no error."""
        parent = tuple(self.path)
        error_paths = self.error_paths
        return any(
            other.non_null[0]
            and source.get(other.response_key) is None
            and (*parent, other.response_key) in error_paths
            for other in fields
        )

    def error(self, message: str, code: str | None = None, **extensions: str) -> None:
        """Record an error at the current path unless one exists at, above or below it.

        GraphQL spec 6.4.4: an error already raised for this position is not repeated.
        """
        path = tuple(self.path)
        for length in range(len(path), 0, -1):
            if path[:length] in self.error_paths:
                return
        size = len(path)
        if any(known[:size] == path for known in self.error_paths):
            return
        self.error_paths.add(path)
        error: dict[str, Any] = {"message": message, "path": list(path)}
        if code is not None:
            error["extensions"] = {"code": code, **extensions}
        self.errors.append(error)

    def fields(self, source: dict[str, Any], fields: list[NField], typename: str) -> Any:
        result: dict[str, Any] = {}
        path = self.path
        for field in fields:
            key = field.response_key
            if field.name == "__typename":
                result[key] = typename
                continue
            value = source.get(key)
            if (
                field.selection is None
                and value is not None
                and len(field.non_null) == 1
                and field.enum_values is None
            ):
                result[key] = value  # leaf scalar: the hot path
                continue
            if value is None and field.non_null[0]:
                if self.failed_sibling(source, fields):
                    return _INVALID
                service = source.get(ABSENT)
                if service is not None:
                    path.append(key)
                    self.entity_not_found(typename, service)
                    path.pop()
                    return _INVALID
            path.append(key)
            completed = self.complete(value, field, 0)
            path.pop()
            if completed is _INVALID:
                return _INVALID
            result[key] = completed
        return result

    def complete(self, value: Any, field: NField, level: int) -> Any:
        non_null = field.non_null[level]
        if value is None:
            if non_null:
                self.null_error(field)
                return _INVALID
            return None
        if level < len(field.non_null) - 1:
            if not isinstance(value, list):
                return self._null(field, non_null)
            items: list[Any] = []
            path = self.path
            for index, item in enumerate(value):
                path.append(index)
                completed = self.complete(item, field, level + 1)
                path.pop()
                if completed is _INVALID:
                    return _INVALID if non_null else None
                items.append(completed)
            return items
        selection = field.selection
        if selection is None:
            values = field.enum_values
            if values is not None and not (isinstance(value, str) and value in values):
                return self._invalid_enum(field, value, non_null)
            return value
        if not isinstance(value, dict):
            return self._null(field, non_null)
        completed = self.object(value, selection)
        if completed is _INVALID:
            return _INVALID if non_null else None
        return completed

    def object(self, value: dict[str, Any], selection: NSelection) -> Any:
        if not selection.abstract:
            return self.fields(value, selection.fields, selection.type_name)
        typename = value.get("__typename")
        fields = selection.by_type.get(typename) if isinstance(typename, str) else None
        if fields is None and typename == selection.type_name:
            fields = uniform_fields(selection)  # from an @interfaceObject: any type will do
        if fields is None:
            self.error(
                f"Cannot resolve the runtime type {typename!r} of {selection.type_name}.",
                "INTERNAL_SERVER_ERROR",
            )
            return _INVALID
        return self.fields(value, fields, typename)  # type: ignore[arg-type]

    def _invalid_enum(self, field: NField, value: Any, non_null: bool) -> Any:
        """An enum value the API schema does not have (e.g. @inaccessible): null, error."""
        self.error(
            f'Enum "{field.named_type}" cannot represent value: {json.dumps(value)}',
            "INTERNAL_SERVER_ERROR",
        )
        return _INVALID if non_null else None

    def _null(self, field: NField, non_null: bool) -> Any:
        if non_null:
            self.null_error(field)
            return _INVALID
        return None


def shape_response(
    data: dict[str, Any], root: NSelection, errors: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The client-visible `data` (None when a non-null root field is null); appends errors."""
    shaper = _Shaper(errors)
    result = shaper.fields(data, root.fields, root.type_name)
    return None if result is _INVALID else result
