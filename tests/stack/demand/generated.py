"""Schema-driven expensive operations: chains of list fields (largest page size wherever a
slicing argument exists) and aliased copies of them, within the depth and alias limits.

Built from the router's introspection, so they follow whatever the schema is."""

from __future__ import annotations

import random
from collections.abc import Iterator

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_non_null_type,
)
from graphql.pyutils import Undefined

PAGE = 100
_PLACEHOLDERS = {"ID": '"000000000000000000000000"', "String": '"a"', "Int": str(PAGE)}


def _has_default(argument: GraphQLArgument) -> bool:
    return argument.default is not None or argument.default_value is not Undefined


def _arguments(field: GraphQLField) -> str | None:
    """Values for the page size and required arguments; None when one cannot be made up."""
    given: list[str] = []
    for name, argument in field.args.items():
        named = get_named_type(argument.type).name
        if name == "first":
            given.append(f"first: {PAGE}")
        elif is_non_null_type(argument.type) and not _has_default(argument):
            inner = get_nullable_type(argument.type)
            if isinstance(inner, GraphQLList):
                value = _PLACEHOLDERS.get(named)
                if value is None:
                    return None
                given.append(f"{name}: [{value}]")
            elif named in _PLACEHOLDERS:
                given.append(f"{name}: {_PLACEHOLDERS[named]}")
            else:
                return None
    return f"({', '.join(given)})" if given else ""


def _is_list(field: GraphQLField) -> bool:
    field_type = field.type
    if isinstance(field_type, GraphQLNonNull):
        field_type = field_type.of_type
    return isinstance(field_type, GraphQLList) or "first" in field.args


def _chain(schema: GraphQLSchema, parent: GraphQLObjectType, depth: int, rng: random.Random) -> str:
    """A selection on ``parent`` that descends ``depth`` more levels, through lists first."""
    candidates = []
    for name, field in parent.fields.items():
        named = get_named_type(field.type)
        if name.startswith("__") or not isinstance(named, GraphQLObjectType):
            continue
        arguments = _arguments(field)
        if arguments is not None:
            candidates.append((name, arguments, named, _is_list(field)))
    leaf: str = next(
        name for name, f in parent.fields.items() if is_leaf_type(get_named_type(f.type))
    )
    if depth <= 0 or not candidates:
        return leaf
    lists = [candidate for candidate in candidates if candidate[3]]
    name, arguments, named, _ = rng.choice(lists or candidates)
    return f"{leaf} {name}{arguments} {{ {_chain(schema, named, depth - 1, rng)} }}"


def expensive_operations(schema: GraphQLSchema, count: int, seed: int) -> Iterator[str]:
    """``count`` operations nesting at least two long lists, deep (up to 12 levels) and
    every other one wide (4 to 20 aliased copies)."""
    rng = random.Random(seed)
    query = schema.query_type
    assert query is not None
    roots = [
        (name, field)
        for name, field in query.fields.items()
        if _is_list(field)
        and _arguments(field) is not None
        and isinstance(get_named_type(field.type), GraphQLObjectType)  # not lists of scalars
    ]
    made = 0
    while made < count:
        name, field = rng.choice(roots)
        named = get_named_type(field.type)
        assert isinstance(named, GraphQLObjectType)  # roots are lists of objects
        body = f"{name}{_arguments(field)} {{ {_chain(schema, named, rng.randint(6, 12), rng)} }}"
        if body.count(f"first: {PAGE}") + body.count(": [") < 2:
            continue  # fewer than two nested long lists: not an amplification
        copies = 1 if made % 2 == 0 else rng.randint(4, 20)
        made += 1
        yield "{ " + " ".join(f"a{copy}: {body}" for copy in range(copies)) + " }"
