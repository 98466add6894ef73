"""`@inaccessible`: elements hidden from the API schema but usable by the planner."""

from __future__ import annotations

from graphql import Node

from router.supergraph.directives import has_directive
from router.supergraph.links import Links


def inaccessible_directive_name(links: Links) -> str:
    """Local name of the inaccessible directive in this supergraph."""
    return links.directive_name("inaccessible", "inaccessible")


def is_inaccessible(node: Node | None, links: Links) -> bool:
    """Whether an SDL element carries `@inaccessible`."""
    return has_directive(node, inaccessible_directive_name(links))
