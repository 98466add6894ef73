"""`@join__field`: which subgraphs resolve a field, and with which requires/provides/override."""

from __future__ import annotations

from graphql import Node

from router.supergraph.directives import directive_args, directive_nodes
from router.supergraph.fieldset import parse_field_set
from router.supergraph.model import FieldInGraph


def read_join_fields(
    node: Node | None, directive: str, graphs: dict[str, str], type_graphs: list[str]
) -> dict[str, FieldInGraph]:
    """Subgraph name -> declaration of one field.

    Without any `@join__field`, every subgraph declaring the parent type resolves the field;
    a `@join__field` without `graph` (interface-object fields) resolves it nowhere directly.
    """
    applications = list(directive_nodes(node, directive))
    if not applications:
        return {graph: FieldInGraph(graph=graph) for graph in type_graphs}
    declared: dict[str, FieldInGraph] = {}
    for applied in applications:
        args = directive_args(applied)
        if args.get("graph") is None:
            continue
        graph = graphs[str(args["graph"])]
        requires = args.get("requires")
        provides = args.get("provides")
        declared[graph] = FieldInGraph(
            graph=graph,
            requires=parse_field_set(str(requires)) if requires else None,
            provides=parse_field_set(str(provides)) if provides else None,
            external=bool(args.get("external", False)),
            override=str(args["override"]) if args.get("override") else None,
            override_label=str(args["overrideLabel"]) if args.get("overrideLabel") else None,
            used_overridden=bool(args.get("usedOverridden", False)),
            type=str(args["type"]) if args.get("type") else None,
        )
    return declared
