"""The supergraph model read from a composed supergraph SDL (join spec v0.3-v0.5)."""

from router.supergraph.loader import load_supergraph
from router.supergraph.model import (
    EntityKey,
    FieldInfo,
    FieldInGraph,
    Subgraph,
    Supergraph,
    TypeInfo,
    TypeInGraph,
)

__all__ = [
    "EntityKey",
    "FieldInGraph",
    "FieldInfo",
    "Subgraph",
    "Supergraph",
    "TypeInGraph",
    "TypeInfo",
    "load_supergraph",
]
