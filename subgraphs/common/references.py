"""``@references(type:)``: marks an argument or input field that holds the id of an entity
owned by another subgraph.

The directive is composed into the supergraph (``@link`` + ``@composeDirective``, added by
Strawberry for every schema that uses it), where the router reads it and checks, before a
mutation is sent, that each referenced entity exists for the caller (``REFERENCE_NOT_FOUND``
otherwise). Mark only references to entities owned by *another* subgraph.

    async def join_event(
        self, info: Info, event_id: Annotated[strawberry.ID, reference_argument("Event")]
    ) -> Participation: ...
"""

from __future__ import annotations

from typing import Any, Final

import strawberry
from strawberry.schema_directive import Location

REFERENCES_SPEC_URL: Final = "https://specs.fedcal.dev/references/v0.1"


@strawberry.federation.schema_directive(
    locations=[Location.ARGUMENT_DEFINITION, Location.INPUT_FIELD_DEFINITION],
    name="references",
    description="The value is the @key id of an entity of `type`, owned by another subgraph.",
    compose=True,
    import_url=REFERENCES_SPEC_URL,
)
class References:
    type: str


def reference_argument(type_name: str, description: str | None = None) -> Any:
    """``strawberry.argument`` metadata marking the argument as a reference to ``type_name``.

    Use inside ``Annotated[strawberry.ID, reference_argument("Event")]``.
    """
    return strawberry.argument(description=description, directives=[References(type=type_name)])
