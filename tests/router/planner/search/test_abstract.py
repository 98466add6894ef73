"""`plan_abstract`: interfaces and unions, per object type or at the interface's level."""

from __future__ import annotations

from tests.router.conftest import federation
from tests.router.planner.plans import child_abstract, placed, root_positions, segments
from tests.router.supergraphs import media

# `results` is served by both; only `a` has Miss as a member of the union.
SHARED_UNION = {
    "a": """
type Query { results: [Result!]! @shareable }
union Result = Hit | Miss
type Hit @shareable { score: Int }
type Miss { reason: String }
""",
    "b": """
type Query { results: [Result!]! @shareable }
union Result = Hit
type Hit @shareable { score: Int }
""",
}

# `trending` is served by both: the entity Movie has its rating only in b, the value type
# Trailer its url in a and its language in b.
SPLIT_UNION = {
    "a": """
type Query { trending: [Title!]! @shareable }
union Title = Movie | Trailer
type Movie @key(fields: "id") { id: ID! name: String! @shareable }
type Trailer @shareable { url: String }
""",
    "b": """
type Query { trending: [Title!]! @shareable }
union Title = Movie | Trailer
type Movie @key(fields: "id") { id: ID! name: String! @shareable rating: Int }
type Trailer @shareable { language: String }
""",
}

# MEDIA with Media implementing a Node interface.
NODE_MEDIA = {
    "media": """
type Query { media: [Media!]! }
interface Node { id: ID! }
interface Media implements Node @key(fields: "id") { id: ID! title: String! }
type Book implements Media & Node @key(fields: "id") { id: ID! title: String! }
type Movie implements Media & Node @key(fields: "id") { id: ID! title: String! }
""",
    "reviews": """
type Query { topRated: [Media!]! }
type Media @key(fields: "id") @interfaceObject { id: ID! score: Int! }
""",
}


def test_known_object_types_are_planned_each_on_their_own() -> None:
    (root,) = root_positions(media(), "{ media { title score } }")
    plan = child_abstract(root, "media")
    assert plan.interface is None and plan.lookup is None
    assert set(plan.by_type) == {"Book", "Movie"}
    assert plan.entry_map == {"Book": (0,), "Movie": (0,)}
    book = plan.by_type["Book"]
    assert segments(book) == [("media", "Book", "entry"), ("reviews", "Media", "jump")]
    assert placed(book) == {"title": ("media",), "score": ("reviews",)}
    assert book.conditions[1].jump.sent_typename == "Media"
    assert plan.cost == plan.by_type["Book"].cost + plan.by_type["Movie"].cost


def test_object_types_a_server_never_returns_are_not_planned() -> None:
    query = "{ results { ... on Hit { score } ... on Miss { reason } } }"
    (root,) = root_positions(federation(**SHARED_UNION), query)
    plan = child_abstract(root, "results")
    assert set(plan.by_type) == {"Hit"}


def test_an_interface_object_entry_plans_uniform_selections_at_the_interface_level() -> None:
    (root,) = root_positions(media(), "{ topRated { score title } }")
    plan = child_abstract(root, "topRated")
    assert plan.by_type == {} and plan.lookup is None
    interface = plan.interface
    assert interface is not None and interface.type_name == "Media"
    assert segments(interface) == [("reviews", "Media", "entry"), ("media", "Media", "jump")]
    assert placed(interface) == {"score": ("reviews",), "title": ("media",)}
    assert interface.conditions[1].jump.sent_typename == "Media"


def test_an_interface_object_entry_looks_the_object_types_up_when_they_matter() -> None:
    (root,) = root_positions(media(), "{ topRated { id ... on Book { author } } }")
    plan = child_abstract(root, "topRated")
    assert plan.lookup == 1
    interface = plan.interface
    assert interface is not None
    assert segments(interface) == [("reviews", "Media", "entry"), ("media", "Media", "jump")]
    assert interface.fields == ()  # the lookup only answers the object's type
    assert set(plan.by_type) == {"Book", "Movie"}
    assert plan.entry_map["Book"] == (1, 0)  # the lookup first, then the entry
    book = plan.by_type["Book"]
    assert segments(book) == [("media", "Book", "entry"), ("reviews", "Media", "entry")]
    assert placed(book) == {"id": ("media",), "author": ("media",)}


def test_typename_under_an_interface_object_needs_the_lookup() -> None:
    (root,) = root_positions(media(), "{ topRated { __typename score } }")
    plan = child_abstract(root, "topRated")
    assert plan.lookup is not None
    assert placed(plan.by_type["Book"]) == {"score": ("reviews",)}


def test_below_a_split_root_field_value_types_take_fields_from_every_answer() -> None:
    query = "{ trending { ... on Trailer { url language } } }"
    (root,) = root_positions(federation(**SPLIT_UNION), query)
    assert segments(root) == [("a", "Query", "root"), ("b", "Query", "root")]
    plan = child_abstract(root, "trending")
    assert plan.entry_map["Trailer"] == (0, 1)
    assert placed(plan.by_type["Trailer"]) == {"url": ("a",), "language": ("b",)}


def test_below_a_split_root_field_an_entity_type_comes_whole_from_one_answer() -> None:
    query = "{ trending { ... on Movie { name rating } ... on Trailer { url language } } }"
    (root,) = root_positions(federation(**SPLIT_UNION), query)
    plan = child_abstract(root, "trending")
    assert plan.entry_map["Movie"] == (1,)
    movie = plan.by_type["Movie"]
    assert segments(movie) == [("b", "Movie", "entry")]
    assert placed(movie) == {"name": ("b",), "rating": ("b",)}
    assert plan.entry_map["Trailer"] == (0, 1)


def test_the_entity_answer_is_the_cheapest_one() -> None:
    query = "{ trending { ... on Movie { name } ... on Trailer { url language } } }"
    (root,) = root_positions(federation(**SPLIT_UNION), query)
    plan = child_abstract(root, "trending")
    assert plan.entry_map["Movie"] == (0,)
    assert placed(plan.by_type["Movie"]) == {"name": ("a",)}


def test_a_uniform_selection_needs_no_lookup() -> None:
    (root,) = root_positions(federation(**NODE_MEDIA), "{ topRated { id score } }")
    plan = child_abstract(root, "topRated")
    assert plan.lookup is None and plan.interface is not None
    assert segments(plan.interface) == [("reviews", "Media", "entry")]


def test_a_fragment_on_an_implemented_interface_stays_uniform() -> None:
    query = "{ topRated { ... on Node { id } score } }"
    (root,) = root_positions(federation(**NODE_MEDIA), query)
    plan = child_abstract(root, "topRated")
    assert plan.lookup is None
