"""The README's error-code table names every ``extensions.code`` the platform can send, and
only codes that exist."""

from __future__ import annotations

import re

from tests.support.processes import PROJECT_ROOT

SOURCES = ("router", "middleman", "subgraphs", "plumbing")
LITERAL = re.compile(r'"([A-Z][A-Z_]{3,})"')
# Upper-case literals next to "code" or "error" that are not codes: failure kinds and reasons
# (sent as ``extensions.reason``), a metrics label placeholder and an exported constant's name.
NOT_CODES = frozenset(
    {
        "TIMEOUT",
        "UNREACHABLE",
        "BAD_RESPONSE",
        "NOT_CONFIGURED",
        "DATABASE_UNAVAILABLE",
        "TOKEN_EXPIRED",
        "UNKNOWN",
        "UNAUTHORIZED_CODE",
    }
)


def readme_codes() -> set[str]:
    text = (PROJECT_ROOT / "README.md").read_text()
    section = text.split("## Error codes", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z_]+)` \|", section, re.MULTILINE))


def source_literals(*, near_codes: bool) -> set[str]:
    found: set[str] = set()
    for package in SOURCES:
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            for line in path.read_text().splitlines():
                if "__all__" in line:
                    continue
                if near_codes and not re.search(r"code|error", line, re.IGNORECASE):
                    continue
                found.update(LITERAL.findall(line))
    return found


def test_every_code_sent_is_in_the_readme() -> None:
    missing = source_literals(near_codes=True) - NOT_CODES - readme_codes()
    assert not missing, f"add to README.md's Error codes: {sorted(missing)}"


def test_every_code_in_the_readme_exists() -> None:
    unknown = readme_codes() - source_literals(near_codes=False)
    assert not unknown, f"README.md names codes nothing sends: {sorted(unknown)}"
