"""Whether a request asks for its query plan (``extensions.queryPlan``)."""

from __future__ import annotations

from collections.abc import Mapping

_TRUTHY = frozenset(("true", "1", "yes", "on"))


def wants_explain(headers: Mapping[str, str], explain_header: str | None) -> bool:
    """The explain header (None: explain is off) says true, 1, yes or on."""
    return explain_header is not None and (
        headers.get(explain_header, "").strip().lower() in _TRUTHY
    )
