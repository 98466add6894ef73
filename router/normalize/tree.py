"""The normalized operation: fragments flattened, skips applied, abstract types expanded."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import ArgumentNode, OperationDefinitionNode

from router.normalize.inclusion import Inclusion


@dataclass(eq=False, slots=True)
class NField:
    """One field selection after normalization, keyed by its response name."""

    response_key: str
    name: str
    arguments: tuple[ArgumentNode, ...]
    parent_type: str
    named_type: str
    non_null: tuple[bool, ...]  # outermost first; len - 1 is the list depth
    selection: NSelection | None = None
    # When @skip/@include on variables keep it (plans made for any variable values); None:
    # always. Operations normalized for given values have none.
    inclusion: Inclusion = None
    enum_values: frozenset[str] | None = None  # an enum's values in the API schema

    @property
    def alias(self) -> str | None:
        """Alias to print, if the response key differs from the field name."""
        return self.response_key if self.response_key != self.name else None

    @property
    def list_depth(self) -> int:
        """How many list wrappers the field type has."""
        return len(self.non_null) - 1


@dataclass(eq=False, slots=True)
class NSelection:
    """Selection on a composite type; abstract types are split per concrete possible type.

    On an interface, `interface_fields` are the fields selected on the interface itself (for
    answers that name only the interface, as `@interfaceObject` subgraphs give).
    """

    type_name: str
    abstract: bool
    fields: list[NField] = field(default_factory=list)
    by_type: dict[str, list[NField]] = field(default_factory=dict)
    interface_fields: list[NField] | None = None

    def fields_for(self, type_name: str) -> list[NField] | None:
        """The fields selected when the runtime object has `type_name`."""
        if not self.abstract:
            return self.fields
        return self.by_type.get(type_name)


@dataclass(eq=False, slots=True)
class NormalizedOperation:
    """A client operation ready for planning and response shaping."""

    kind: str  # "query" | "mutation" | "subscription"
    name: str | None
    definition: OperationDefinitionNode
    root: NSelection
