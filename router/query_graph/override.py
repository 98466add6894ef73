"""Which side of an @override applies, given the progressive-override labels enabled."""

from __future__ import annotations

from router.supergraph.model import FieldInGraph


def entry_active(entry: FieldInGraph, enabled_labels: frozenset[str]) -> bool:
    """Whether a subgraph's declaration of a field currently resolves it.

    - `override` without label: the overriding subgraph resolves the field.
    - `override` + `overrideLabel`: the overriding subgraph resolves it iff the label is enabled.
    - `overrideLabel` without `override` (the overridden side): resolves it iff NOT enabled.
    - `usedOverridden`: the overridden subgraph keeps the field only for its keys/requires.
    """
    if entry.used_overridden:
        return False
    if entry.override_label is None:
        return True
    enabled = entry.override_label in enabled_labels
    return enabled if entry.override is not None else not enabled
