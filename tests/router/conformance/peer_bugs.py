"""Reviewed Hive Gateway bugs that make random operations' answers disagree with ours.

Only for disagreements where the PEER is wrong but the classification alone cannot prove it
(its wrong data fits the operation's shape: ``data-differs``, or ``ours-error-peer-data``
when Hive silently returns nulls where the subgraph reported errors). The provable peer
faults (``peer-data-invalid``, ``peer-error-ours-data``) are allowed and reported without
an entry. An entry explains a disagreement only when its query matches the pattern AND Apollo
Gateway's answer equals ours (a second, independent gateway confirms our answer). Never for
our own bugs: those must fail the test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PeerBug:
    """A Hive bug: the fixtures (none: any) and classes it shows in, and a regex its
    queries match."""

    fixtures: frozenset[str]
    classes: frozenset[str]
    query_pattern: str
    reason: str

    def explains(self, fixture: str, klass: str, query: str, apollo_agrees: bool) -> bool:
        return (
            apollo_agrees
            and (not self.fixtures or fixture in self.fixtures)
            and klass in self.classes
            and re.search(self.query_pattern, query) is not None
        )


PEER_BUGS: tuple[PeerBug, ...] = (
    PeerBug(
        fixtures=frozenset(),  # any fixture
        classes=frozenset({"data-differs", "ours-error-peer-data"}),
        # an entity key field (Item.code, Product.id, ...) under @skip/@include
        query_pattern=r"\b(id|code|upc|sku|region) @(skip|include)\(",
        reason=(
            "Hive drops an entity's key field from the _entities representations when the "
            "client's own selection of it is excluded by @skip/@include: the entity fetch "
            "finds nothing (subgraph_errors `{ products { id @include(if: false) quantity } "
            "}`: quantity null for every product, the subgraph's error lost) or the wrong "
            "entity (requires `{ products { id @skip(if: true) packaging } }`: product 2 gets "
            "product 1's packaging). GraphQL spec 3.13 and 6.3.2 (CollectFields): "
            "@skip/@include only decide which fields the response has; the key a gateway "
            "needs for an entity fetch is not the client's field. Apollo Gateway answers as "
            "we do."
        ),
    ),
    PeerBug(
        fixtures=frozenset({"provides", "external"}),
        classes=frozenset({"data-differs"}),
        query_pattern=r"staleReviews",  # the field whose @provides values differ on purpose
        reason=(
            "Hive refetches a @provides field from its owner when it is selected through an "
            "inline fragment, so next to the plain selection one object carries two values "
            "of one field "
            "(provides `{ staleReviews { author { org { name ... on Org { a: name } } } } }`:"
            " name 'Acme-as-provided', a 'Acme'); the fixture's expected answers "
            "(provided_value_is_used_not_refetched) take the provided value, as Apollo "
            "Gateway and we do."
        ),
    ),
    PeerBug(
        fixtures=frozenset({"key_jumps"}),
        classes=frozenset({"data-differs"}),
        query_pattern=r"codeshare",
        reason=(
            "Hive never makes the onward jump for Flight.codeshare, whose Airline key "
            "(code) must first be fetched from another subgraph, and returns codeshare null "
            "without an error (key_jumps/codeshare cases document it with the Federation "
            "spec's @key semantics); Apollo Gateway answers as we do."
        ),
    ),
    PeerBug(
        fixtures=frozenset({"interface_object_lookup"}),
        classes=frozenset({"data-differs"}),
        query_pattern=r"\baccount\(",
        reason=(
            "Hive answers `account: null` for an account whose fields come from the "
            "@interfaceObject subgraphs (ledger's balance, the accounts' own nickname) when it "
            "does a needless concrete lookup first and drops that lookup's result "
            "(interface_object_lookup cases no_concrete_lookup_without_typename_or_type_"
            "condition and shareable_field_taken_from_interface_object_subgraph document it, "
            "Federation spec on @interfaceObject); Apollo Gateway answers as we do."
        ),
    ),
)
