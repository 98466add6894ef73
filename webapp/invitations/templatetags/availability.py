"""Template helper of the invitation pages: a value of a mapping by key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


def lookup(mapping: Mapping[str, Any] | None, key: str) -> Any:
    """``mapping[key]``, or ``None`` (also when there is no mapping)."""
    return (mapping or {}).get(key)


register.filter("lookup", lookup)
