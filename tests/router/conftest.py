"""Helpers of the router unit tests: compose inline subgraph SDL with the real composer
(cached by content for the session), load it, normalize operations and plan them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
    validate,
)

from devtools.composer import CompositionError, SubgraphSource, compose_subgraphs
from router.api_schema import build_api_schema
from router.normalize import NormalizedOperation, normalize_operation, pick_operation
from router.plan import QueryPlan
from router.planner import build_query_plan
from router.query_graph import QueryGraph
from router.supergraph import Supergraph, load_supergraph
from router.supergraph.links import Links

NO_VARIABLES: Mapping[str, Any] = MappingProxyType({})
FEDERATION_HEADER = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ['
    '"@key", "@shareable", "@external", "@provides", "@requires", "@override", '
    '"@inaccessible", "@interfaceObject"])\n'
)

_composed: dict[str, str] = {}


def compose(subgraphs: Mapping[str, str]) -> str:
    """The supergraph SDL of these subgraphs (name -> SDL; the federation `@link` header is
    added when an SDL has none), composed once per session per content."""
    sources = {
        name: sdl if sdl.lstrip().startswith("extend schema") else FEDERATION_HEADER + sdl
        for name, sdl in subgraphs.items()
    }
    digest = hashlib.sha256(json.dumps(sorted(sources.items())).encode()).hexdigest()[:16]
    found = _composed.get(digest)
    if found is not None:
        return found
    try:
        composed = compose_subgraphs(
            [
                SubgraphSource(name, sdl, f"http://localhost:4001/{digest}/{name}/graphql")
                for name, sdl in sources.items()
            ]
        )
    except CompositionError as error:
        raise AssertionError(str(error)) from error
    _composed[digest] = composed
    return composed


@dataclass
class Federation:
    """One composed supergraph with the router's views of it."""

    sdl: str
    supergraph: Supergraph
    links: Links
    api_schema: GraphQLSchema
    _graphs: dict[frozenset[str], QueryGraph] = field(default_factory=dict)

    def graph(self, labels: frozenset[str] = frozenset()) -> QueryGraph:
        """The query graph for these enabled override labels (one per label set)."""
        found = self._graphs.get(labels)
        if found is None:
            found = self._graphs[labels] = QueryGraph(self.supergraph, labels)
        return found

    def normalize(
        self, query: str, variables: Mapping[str, Any] | None = NO_VARIABLES
    ) -> NormalizedOperation:
        """The validated operation normalized on the API schema (`variables` None: any
        values, @skip/@include on variables kept as inclusions)."""
        document = parse(query)
        errors = validate(self.api_schema, document)
        assert not errors, errors
        operation: OperationDefinitionNode = pick_operation(document, None)
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        return normalize_operation(self.api_schema, operation, fragments, variables)

    def plan(
        self,
        query: str,
        variables: Mapping[str, Any] | None = NO_VARIABLES,
        labels: frozenset[str] = frozenset(),
    ) -> QueryPlan:
        """The query plan of `query`."""
        return build_query_plan(self.graph(labels), self.normalize(query, variables))


_federations: dict[str, Federation] = {}


def federation(**subgraphs: str) -> Federation:
    """Compose and load `subgraphs` (keyword: subgraph name -> SDL), cached by content."""
    sdl = compose(subgraphs)
    found = _federations.get(sdl)
    if found is None:
        supergraph, links = load_supergraph(sdl)
        found = _federations[sdl] = Federation(sdl, supergraph, links, build_api_schema(sdl))
    return found
