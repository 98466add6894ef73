"""The walls between packages: who may import whom, read from every module's imports (``ast``).

``plumbing`` is shared by everyone and depends on none of our packages; the subgraphs and the
web app never reach into the router; the router knows no subgraph, web app or middleman code
(the middleman is a router plugin, loaded by configuration: it may import ``router.rules``).
Imports inside functions and ``TYPE_CHECKING`` blocks count too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.processes import PROJECT_ROOT

# package -> the top-level packages none of its modules may import
WALLS: dict[str, frozenset[str]] = {
    "subgraphs": frozenset({"router"}),
    "webapp": frozenset({"router"}),
    "router": frozenset({"subgraphs", "webapp", "middleman"}),
    "plumbing": frozenset({"router", "subgraphs", "webapp", "middleman", "devtools", "bench"}),
}


def imported_modules(source: str, module: str, *, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in ``source``, relative ones resolved."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            yield node.lineno, ".".join([*base, *([node.module] if node.module else [])])


def _imports_of_file(path: Path) -> Iterator[tuple[int, str]]:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    is_package = parts[-1] == "__init__"
    module = ".".join(parts[:-1] if is_package else parts)
    return imported_modules(path.read_text(), module, is_package=is_package)


def violations(package: str, forbidden: frozenset[str]) -> list[str]:
    found = []
    for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
        for line, name in _imports_of_file(path):
            if name.partition(".")[0] in forbidden:
                found.append(f"{path.relative_to(PROJECT_ROOT)}:{line} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(WALLS))
def test_package_respects_its_wall(package: str) -> None:
    assert list((PROJECT_ROOT / package).rglob("*.py")), f"{package}/ has no modules"
    found = violations(package, WALLS[package])
    assert not found, (
        f"{package} may not import {', '.join(sorted(WALLS[package]))}:\n" + "\n".join(found)
    )


def test_the_reader_sees_every_kind_of_import() -> None:
    source = """
import router.engine
from router import rules
from ..keys import read_key
from . import tokens
from .cache import ExpiringCache

def late():
    if TYPE_CHECKING:
        from webapp.core import router_client
"""
    names = [name for _, name in imported_modules(source, "plumbing.sub.mod", is_package=False)]
    assert names == [
        "router.engine",
        "router",
        "plumbing.keys",
        "plumbing.sub",
        "plumbing.sub.cache",
        "webapp.core",
    ]
    init = [name for _, name in imported_modules("from . import x", "router", is_package=True)]
    assert init == ["router"]
