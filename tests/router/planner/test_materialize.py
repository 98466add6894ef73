"""`Materializer`: fetch steps from the chosen resolution (selections, shapes, deps)."""

from __future__ import annotations

from router.planner.fetch_graph import FetchStep
from router.planner.materialize import Materializer, merge_shape, shape_conflict
from router.planner.search import Search
from router.planner.selection_builder import SelectionBuilder, render_compact
from tests.router.conftest import Federation, federation
from tests.router.supergraphs import MUTATIONS, media, shop


def _steps(fed: Federation, query: str) -> list[FetchStep]:
    operation = fed.normalize(query)
    positions = Search(fed.graph()).root(operation.root, operation.kind)
    return (
        Materializer(fed.graph(), operation.kind, operation.root.type_name).roots(positions).steps
    )


def _selection(step: FetchStep) -> str:
    return render_compact(step.selection.freeze())


def _shapes(step: FetchStep) -> dict[str, str]:
    return {name: render_compact(f.freeze_shape()) for name, f in step.requires.fragments.items()}


def test_root_and_entity_steps() -> None:
    root, pricing = _steps(shop(), "{ products { name price } }")
    assert (root.id, root.subgraph, root.entity, root.deps) == (0, "catalog", False, set())
    assert _selection(root) == "{products{__typename name id}}"
    assert (pricing.subgraph, pricing.entity, pricing.paths) == (
        "pricing",
        True,
        [("products", "@")],
    )
    assert pricing.deps == {0}
    assert _selection(pricing) == "{...on Product{price}}"
    assert _shapes(pricing) == {"Product": "{__typename id}"}
    assert pricing.key_fields == {"Product": {"id"}}
    assert pricing.typename_rewrites == {}


def test_client_response_keys_are_kept_and_keys_move_to_internal_aliases() -> None:
    root, pricing = _steps(shop(), "{ products { id: name price } }")
    assert _selection(root) == "{products{__typename id:name _fc_id_da39a3ee:id}}"
    (shape,) = pricing.requires.fragments.values()
    assert shape.projection() == (
        ("__typename", "__typename", None, False),
        ("_fc_id_da39a3ee", "id", None, False),
    )
    assert pricing.key_fields == {"Product": {"_fc_id_da39a3ee"}}


def test_a_client_alias_of_the_key_does_not_serve_the_key() -> None:
    root, _users = _steps(shop(), "{ products { pid: id owner { nick email } } }")
    assert _selection(root) == "{products{pid:id owner{__typename nick id}}}"


def test_conflicting_condition_fields_get_internal_aliases() -> None:
    root, pricing, us, eu = _steps(shop(), "{ products { usCost euCost } }")
    assert _selection(root) == "{products{__typename id}}"
    assert _selection(pricing) == (
        '{...on Product{price(currency: "USD") _fc_price_23aa571f:price(currency: "EUR")}}'
    )
    # both representations send `price`, each read from where its argument's value is
    assert _shapes(us) == _shapes(eu) == {"Product": "{__typename id price}"}
    us_shape, eu_shape = us.requires.fragments["Product"], eu.requires.fragments["Product"]
    assert us_shape.projection()[-1] == ("price", "price", None, False)
    assert eu_shape.projection()[-1] == ("_fc_price_23aa571f", "price", None, False)
    assert (_selection(us), _selection(eu)) == (
        "{...on Product{usCost}}",
        "{...on Product{euCost}}",
    )


def test_steps_depend_on_the_steps_answering_their_conditions() -> None:
    root, pricing, us, eu = _steps(shop(), "{ products { usCost euCost } }")
    assert pricing.deps == {root.id}
    assert us.deps == eu.deps == {root.id, pricing.id}


def test_compatible_requirements_share_a_step() -> None:
    _root, _pricing, shipping = _steps(shop(), "{ products { euCost euTax } }")
    assert _selection(shipping) == "{...on Product{euCost euTax}}"


def test_split_value_types_select_their_part_in_each_step() -> None:
    catalog, pricing = _steps(shop(), "{ stats { count revenue } }")
    assert (_selection(catalog), _selection(pricing)) == (
        "{stats{count}}",
        "{stats{revenue}}",
    )
    assert not catalog.entity and not pricing.entity and pricing.deps == set()


def test_jumps_to_an_interface_object_send_the_interface_name() -> None:
    root, reviews = _steps(media(), "{ media { title score } }")
    assert _selection(root) == (
        "{media{__typename ...on Book{__typename title id} ...on Movie{__typename title id}}}"
    )
    assert _selection(reviews) == "{...on Media{score}}"
    assert _shapes(reviews) == {"Book": "{__typename id}", "Movie": "{__typename id}"}
    assert reviews.typename_rewrites == {"Book": "Media", "Movie": "Media"}
    assert reviews.key_fields == {"Book": {"id"}, "Movie": {"id"}}


def test_a_lookup_asks_the_interface_owner_for_the_object_types() -> None:
    root, lookup = _steps(media(), "{ topRated { id ... on Book { author } } }")
    assert _selection(root) == "{topRated{__typename id}}"
    assert _selection(lookup) == "{...on Media{__typename ...on Book{id author} ...on Movie{id}}}"
    assert set(lookup.requires.fragments) == {"Media", "Book", "Movie"}
    assert lookup.typename_rewrites == {"Book": "Media", "Movie": "Media"}


def test_mutation_fields_to_one_subgraph_in_a_row_share_a_root_step() -> None:
    steps = _steps(federation(**MUTATIONS), "mutation { add reset log ping }")
    assert [(s.subgraph, s.kind, _selection(s)) for s in steps] == [
        ("a", "mutation", "{add reset}"),
        ("b", "mutation", "{log ping}"),
    ]


def test_shape_conflict_when_a_name_is_sent_from_another_key() -> None:
    existing = SelectionBuilder("Product")
    existing.field("price", "price")
    same = SelectionBuilder("Product")
    same.field("price", "price")
    same.field("id", "id")
    other = SelectionBuilder("Product")
    other.field("_fc_price_1", "price")
    assert not shape_conflict(existing, same)
    assert shape_conflict(existing, other)


def test_shape_conflict_below() -> None:
    existing = SelectionBuilder("Product")
    owner = existing.field("owner", "owner", sub_type="")
    assert owner is not None and owner.sub is not None
    owner.sub.field("id", "id")
    shape = SelectionBuilder("Product")
    other = shape.field("owner", "owner", sub_type="")
    assert other is not None and other.sub is not None
    other.sub.field("_fc_id_1", "id")
    assert shape_conflict(existing, shape)


def test_merge_shape_adds_new_keys_and_merges_nested_ones() -> None:
    into = SelectionBuilder("Product")
    into.typename()
    owner = into.field("owner", "owner", sub_type="")
    assert owner is not None and owner.sub is not None
    owner.sub.field("id", "id")
    shape = SelectionBuilder("Product")
    nested = shape.field("owner", "owner", sub_type="")
    assert nested is not None and nested.sub is not None
    nested.sub.field("email", "email")
    shape.field("_fc_price_1", "price")
    shape.fragment("Book").field("isbn", "isbn")
    merge_shape(into, shape)
    assert render_compact(into.freeze_shape()) == (
        "{__typename owner{id email} price ...on Book{isbn}}"
    )
