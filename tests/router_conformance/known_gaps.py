"""Cases our router does not pass yet, each with the reason and the issue that tracks it.

They run as strict ``xfail``: the day one passes, the suite fails until it is removed here,
so this list can only shrink and never hides a regression elsewhere.
"""

from __future__ import annotations

KNOWN_GAPS: dict[str, str] = {}
