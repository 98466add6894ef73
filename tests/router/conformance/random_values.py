"""Random argument values for generated operations, biased towards a fixture's own data.

``ValuePool.from_fixture`` collects the scalars of the fixture's data JSON files (by the key
they appear under, so an argument ``upc`` prefers ``upc`` values) and the string literals its
resolvers compare against (``args['term'] == 'all'``), so generated arguments find things.
Values are JSON (what a variable carries); ``literal`` prints one as GraphQL syntax.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)
from graphql.language.print_string import print_string

Json = Any
COMPARED_LITERAL = re.compile(r"==\s*'([^']{1,20})'")
ABSENT = object()  # "leave this argument / input field out"


@dataclass
class ValuePool:
    """Scalars seen in a fixture's data, by key name and overall."""

    strings: list[str] = field(default_factory=list)
    ints: list[int] = field(default_factory=list)
    by_key: dict[str, list[Json]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def from_fixture(cls, schema_dir: Path) -> ValuePool:
        pool = cls()
        for path in sorted(schema_dir.glob("*.json")):
            if path.name in {"cases.json", "fixture.json"}:
                continue
            data = json.loads(path.read_text())
            for expression in data.get("resolvers", {}).values():
                pool._add("", COMPARED_LITERAL.findall(expression))
            pool._add("", {k: v for k, v in data.items() if k != "resolvers"})
        return pool

    def _add(self, key: str, value: Json) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if not k.startswith("$"):
                    self._add(k, v)
        elif isinstance(value, list):
            for item in value:
                self._add(key, item)
        elif isinstance(value, bool) or value is None:
            return
        elif isinstance(value, int | str):
            if isinstance(value, int) and value not in self.ints:
                self.ints.append(value)
            if isinstance(value, str) and value not in self.strings:
                self.strings.append(value)
            if value not in self.by_key[key]:
                self.by_key[key].append(value)

    def scalar(self, rng: random.Random, type_: GraphQLScalarType, name: str) -> Json:
        """A value for a scalar argument or input field called ``name``."""
        if type_.name == "Boolean":
            return rng.random() < 0.5
        if type_.name == "Float":
            return rng.choice([0.5, 1.0, 2.5, -1.0])
        if type_.name == "Int":
            candidates = [v for v in self.by_key.get(name, []) if isinstance(v, int)]
            return rng.choice(candidates or [*self.ints[:6], -1, 0, 1, 2, 3])
        strings = [v for v in self.by_key.get(name, []) if isinstance(v, str)]
        if strings and rng.random() < 0.8:
            return rng.choice(strings)
        return rng.choice(self.strings or ["x"]) if rng.random() < 0.9 else "no-such-value"


def random_value(
    rng: random.Random, pool: ValuePool, type_: GraphQLInputType, name: str, depth: int = 0
) -> Json:
    """A JSON value of ``type_`` (``ABSENT`` never; nullable positions are sometimes null)."""
    if isinstance(type_, GraphQLNonNull):
        return _non_null_value(rng, pool, type_.of_type, name, depth)
    if rng.random() < 0.08:
        return None
    return _non_null_value(rng, pool, type_, name, depth)


def _non_null_value(
    rng: random.Random, pool: ValuePool, type_: GraphQLInputType, name: str, depth: int
) -> Json:
    if isinstance(type_, GraphQLList):
        return [
            random_value(rng, pool, type_.of_type, name, depth + 1)
            for _ in range(rng.randint(0, 3 if depth < 2 else 1))
        ]
    if isinstance(type_, GraphQLEnumType):
        return rng.choice(list(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        value = {}
        for field_name, input_field in type_.fields.items():
            required = isinstance(input_field.type, GraphQLNonNull)
            if required or (depth < 3 and rng.random() < 0.6):
                value[field_name] = random_value(rng, pool, input_field.type, field_name, depth + 1)
        return value
    assert isinstance(type_, GraphQLScalarType)
    return pool.scalar(rng, type_, name)


def literal(value: Json, type_: GraphQLInputType) -> str:
    """GraphQL literal syntax for a JSON value of ``type_`` (enum values unquoted)."""
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if value is None:
        return "null"
    if isinstance(type_, GraphQLList):
        items = value if isinstance(value, list) else [value]
        return "[" + ", ".join(literal(v, type_.of_type) for v in items) + "]"
    if isinstance(type_, GraphQLInputObjectType):
        fields = (f"{k}: {literal(v, type_.fields[k].type)}" for k, v in value.items())
        return "{" + ", ".join(fields) + "}"
    if isinstance(type_, GraphQLEnumType):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return print_string(value)
    return json.dumps(value)
