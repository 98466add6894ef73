"""The supergraph as a query graph: which subgraph reaches which field, and how to jump.

Nodes are (type, subgraph) pairs; edges are the fields a subgraph resolves on its types
(`field_edges`), entity jumps through each resolvable `@key` or `@interfaceObject`
(`entity_jumps`), and the runtime types a subgraph can return below a field
(`runtime_types`). `QueryGraph` holds them for one set of enabled override labels.
"""

from router.query_graph.edges import EntityJump, FieldEdge
from router.query_graph.graph import QueryGraph

__all__ = ["EntityJump", "FieldEdge", "QueryGraph"]
