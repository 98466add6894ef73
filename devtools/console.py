"""Terminal output of the stack runner: service-prefixed log lines, colored on a TTY."""

from __future__ import annotations

import os
import sys
from typing import TextIO

_RESET = "\033[0m"
_BOLD = "\033[1m"
_RED = "\033[31m"
_YELLOW = "\033[33m"
_PALETTE = ("\033[36m", "\033[32m", "\033[35m", "\033[34m", "\033[33m", "\033[96m", "\033[92m")


def wants_color(stream: TextIO) -> bool:
    """Color only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return stream.isatty() and "NO_COLOR" not in os.environ


class Console:
    """Writes whole lines so output from many services never interleaves mid-line."""

    def __init__(self, stream: TextIO | None = None, *, color: bool | None = None) -> None:
        self._stream = stream if stream is not None else sys.stdout
        self._color = wants_color(self._stream) if color is None else color
        self._width = 8
        self._colors: dict[str, str] = {}

    def register(self, name: str) -> None:
        """Reserve a color and widen the prefix column for ``name``."""
        self._width = max(self._width, len(name))
        self._colors.setdefault(name, _PALETTE[len(self._colors) % len(_PALETTE)])

    def service_line(self, name: str, text: str) -> None:
        prefix = f"{name:<{self._width}} |"
        self._write(f"{self._paint(self._colors.get(name, ''), prefix)} {text}")

    def info(self, text: str) -> None:
        self._write(text)

    def warn(self, text: str) -> None:
        self._write(self._paint(_YELLOW + _BOLD, f"!! {text}"))

    def alert(self, text: str) -> None:
        """Something broke: make it impossible to miss."""
        bar = "!" * 72
        for line in (bar, f"!! {text}", bar):
            self._write(self._paint(_RED + _BOLD, line))

    def _paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self._color and code else text

    def _write(self, line: str) -> None:
        self._stream.write(line + "\n")
        self._stream.flush()
