"""Schema-driven random operations: valid queries of a fixture's API schema, from a seed.

Every operation has fields nested at most ``MAX_DEPTH`` deep (random subsets of each type's
fields, in random order), aliases (including the same field twice with different arguments),
inline fragments on abstract types (on every possible type, on the abstract type itself and
on overlapping interfaces, so also on types some subgraphs cannot return), named fragments
and spreads, ``__typename`` at random places, and ``@skip`` / ``@include`` with literals or
``$vN: Boolean!`` variables. Arguments are random values of their types, biased towards the
fixture's data (``random_values``); nullable arguments are sometimes omitted or passed as
variables, and nullable variables are sometimes left out of ``variables``.

Each candidate is validated with graphql-core against the API schema; invalid ones (field
merging conflicts, mostly) and ones over ``MAX_ALIASES`` aliases (fragments expanded: within
our router's default limit) are discarded and counted. Only queries are generated: mutations
would change fixture state between the two gateways' answers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
    is_composite_type,
    parse,
    validate,
)

from tests.router.conformance.random_values import ValuePool, literal, random_value

Json = Any
MAX_DEPTH = 4
MAX_ALIASES = 30
MAX_ATTEMPTS = 50


@dataclass(frozen=True)
class Operation:
    """A generated GraphQL request."""

    query: str
    variables: dict[str, Json]


@dataclass
class _Draft:
    """The pieces of one operation under construction."""

    variable_definitions: list[str] = field(default_factory=list)
    variables: dict[str, Json] = field(default_factory=dict)
    boolean_variables: list[str] = field(default_factory=list)
    # name -> (type condition, text, depth of its fields: reusable at that depth or above)
    fragments: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    unaliased_arguments: dict[str, str] = field(default_factory=dict)
    counter: int = 0

    def rollback(self, mark: int) -> None:
        """Forget the variables defined since ``len(variable_definitions)`` was ``mark``."""
        for definition in self.variable_definitions[mark:]:
            self.variables.pop(definition[1:].split(":")[0], None)
        del self.variable_definitions[mark:]

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"


def _aliases(document: DocumentNode) -> int:
    """Aliases of the operation with every fragment spread expanded."""
    fragments = {
        d.name.value: d.selection_set
        for d in document.definitions
        if isinstance(d, FragmentDefinitionNode)
    }

    def count(selection_set: SelectionSetNode | None) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FragmentSpreadNode):
                total += count(fragments[selection.name.value])
            elif isinstance(selection, FieldNode | InlineFragmentNode):
                total += isinstance(selection, FieldNode) and selection.alias is not None
                total += count(selection.selection_set)
        return total

    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    return count(operation.selection_set)


class OperationGenerator:
    """Random valid operations of one API schema; the same seed gives the same operations."""

    def __init__(self, schema: GraphQLSchema, pool: ValuePool, seed: str) -> None:
        self.schema = schema
        self.pool = pool
        self.rng = random.Random(seed)
        self.discarded = 0

    def operations(self, count: int) -> list[Operation]:
        return [self.generate() for _ in range(count)]

    def generate(self) -> Operation:
        """One operation that passes validation (retrying discarded candidates)."""
        for _ in range(MAX_ATTEMPTS):
            operation = self._candidate()
            document = parse(operation.query)
            if _aliases(document) <= MAX_ALIASES and not validate(self.schema, document):
                return operation
            self.discarded += 1
        raise RuntimeError(f"no valid operation in {MAX_ATTEMPTS} attempts")

    # --- operation, fragments, directives ---------------------------------------------
    def _candidate(self) -> Operation:
        draft = _Draft()
        query_type = self.schema.query_type
        assert query_type is not None
        body = self._selection_set(draft, query_type, 1)
        fragments = "".join(
            f"\nfragment {n} on {on} {text}" for n, (on, text, _) in draft.fragments.items()
        )
        if not draft.variable_definitions and self.rng.random() < 0.3:
            return Operation(body + fragments, {})
        variables = (
            f"({', '.join(draft.variable_definitions)})" if draft.variable_definitions else ""
        )
        name = draft.fresh("Random")
        return Operation(f"query {name}{variables} {body}{fragments}", draft.variables)

    def _directives(self, draft: _Draft) -> str:
        """Sometimes ``@skip`` / ``@include`` (one or both) with literals or variables."""
        if self.rng.random() >= 0.15:
            return ""
        names = self.rng.choice([["skip"], ["include"], ["skip", "include"]])
        return "".join(f" @{name}(if: {self._condition(draft)})" for name in names)

    def _condition(self, draft: _Draft) -> str:
        if self.rng.random() < 0.4:
            return self.rng.choice(["true", "false"])
        if draft.boolean_variables and self.rng.random() < 0.4:
            return "$" + self.rng.choice(draft.boolean_variables)
        name = draft.fresh("v")
        draft.variable_definitions.append(f"${name}: Boolean!")
        draft.variables[name] = self.rng.random() < 0.5
        draft.boolean_variables.append(name)
        return "$" + name

    # --- selection sets ---------------------------------------------------------------
    def _selection_set(self, draft: _Draft, type_: GraphQLCompositeType, depth: int) -> str:
        items = self._selections(draft, type_, depth, fragment_depth=0)
        return "{ " + " ".join(items or ["__typename"]) + " }"

    def _selections(
        self, draft: _Draft, type_: GraphQLCompositeType, depth: int, fragment_depth: int
    ) -> list[str]:
        rng = self.rng
        items: list[str] = []
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            names = list(type_.fields)
            for name in rng.sample(names, rng.randint(1, min(3, len(names)))):
                items += self._fields(draft, name, type_.fields[name], depth)
        if rng.random() < 0.25:
            alias = f"{draft.fresh('t')}: " if rng.random() < 0.3 else ""
            items.insert(rng.randint(0, len(items)), f"{alias}__typename{self._directives(draft)}")
        if fragment_depth < 2:
            for condition in self._fragment_conditions(type_):
                items.append(self._fragment(draft, type_, condition, depth, fragment_depth + 1))
        return items

    def _fragment_conditions(self, type_: GraphQLCompositeType) -> list[GraphQLCompositeType]:
        """Type conditions to spread here: possible types and overlapping abstract types
        (often for abstract types, rarely for object types)."""
        possible = (
            set(self.schema.get_possible_types(type_))
            if not isinstance(type_, GraphQLObjectType)
            else {type_}
        )
        overlapping = [
            t
            for t in self.schema.type_map.values()
            if isinstance(t, GraphQLInterfaceType | GraphQLUnionType)
            and not t.name.startswith("__")
            and possible & set(self.schema.get_possible_types(t))
        ]
        candidates: list[GraphQLCompositeType] = [
            *sorted(possible, key=lambda t: t.name),
            *overlapping,
        ]
        chance = 0.5 if not isinstance(type_, GraphQLObjectType) else 0.08
        return [c for c in candidates if self.rng.random() < chance]

    def _fragment(
        self,
        draft: _Draft,
        parent: GraphQLCompositeType,
        condition: GraphQLCompositeType,
        depth: int,
        fragment_depth: int,
    ) -> str:
        """A named fragment spread (a new one, or a reused one with the same type condition)
        or an inline fragment on ``condition`` (sometimes, on ``parent`` without one)."""
        rng = self.rng
        if rng.random() < 0.3:
            reusable = [
                n
                for n, (on, _, at) in draft.fragments.items()
                if on == condition.name and depth <= at
            ]
            if reusable and rng.random() < 0.5:
                return f"...{rng.choice(reusable)}{self._directives(draft)}"
            name = draft.fresh("F")
            body = self._selections(draft, condition, depth, fragment_depth)
            text = "{ " + " ".join(body or ["__typename"]) + " }"
            draft.fragments[name] = (condition.name, text, depth)
            return f"...{name}{self._directives(draft)}"
        if rng.random() < 0.1:
            on, condition = "", parent
        else:
            on = f" on {condition.name}"
        directives = self._directives(draft)
        body = self._selections(draft, condition, depth, fragment_depth)
        return f"...{on}{directives} {{ {' '.join(body or ['__typename'])} }}"

    # --- fields and arguments ---------------------------------------------------------
    def _fields(self, draft: _Draft, name: str, definition: GraphQLField, depth: int) -> list[str]:
        """The field (maybe aliased), or twice under two aliases with different arguments;
        nothing for a composite field that would nest deeper than ``MAX_DEPTH``."""
        named = get_named_type(definition.type)
        if is_composite_type(named) and depth >= MAX_DEPTH:
            return []
        copies = 2 if definition.args and self.rng.random() < 0.3 else 1
        used: set[str] = set()
        out = []
        for _ in range(copies):
            alias = copies > 1 or self.rng.random() < 0.2
            signature = name + repr([(n, str(a.type)) for n, a in definition.args.items()])
            for _attempt in range(4):
                mark = len(draft.variable_definitions)
                arguments = self._arguments(draft, definition, None if alias else signature)
                if arguments not in used:
                    break
                draft.rollback(mark)
            used.add(arguments)
            text = f"{draft.fresh('a')}: " if alias else ""
            text += f"{name}{arguments}{self._directives(draft)}"
            if is_composite_type(named):
                assert isinstance(
                    named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType
                )
                text += " " + self._selection_set(draft, named, depth + 1)
            out.append(text)
        return out

    def _arguments(self, draft: _Draft, definition: GraphQLField, unaliased: str | None) -> str:
        """``(a: 1, b: $a2)``; un-aliased occurrences of a field reuse one argument list so
        that fields merge."""
        if unaliased is not None and unaliased in draft.unaliased_arguments:
            return draft.unaliased_arguments[unaliased]
        parts = []
        for arg_name, arg in definition.args.items():
            required = isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
            if not required and self.rng.random() < 0.4:
                continue
            value = random_value(self.rng, self.pool, arg.type, arg_name)
            if self.rng.random() < 0.25:
                variable = draft.fresh("arg")
                draft.variable_definitions.append(f"${variable}: {arg.type}")
                if isinstance(arg.type, GraphQLNonNull) or self.rng.random() < 0.8:
                    draft.variables[variable] = value
                parts.append(f"{arg_name}: ${variable}")
            else:
                parts.append(f"{arg_name}: {literal(value, arg.type)}")
        text = f"({', '.join(parts)})" if parts else ""
        if unaliased is not None:
            draft.unaliased_arguments[unaliased] = text
        return text
