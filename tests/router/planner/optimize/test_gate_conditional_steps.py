"""`gate_conditional_steps`: a step runs only when the conditions all its fields share hold."""

from __future__ import annotations

from router.normalize.inclusion import both, either, literal
from router.planner.optimize.gate_conditional_steps import gate_conditional_steps
from router.planner.selection_builder import render_compact
from tests.router.planner.optimize.steps import entity, root

X, Y = literal("x", True), literal("y", True)
NOT_Y = literal("y", False)


def test_fields_sharing_a_condition_gate_the_step_and_lose_it() -> None:
    step = entity(1, "b", ("p",), {0}, "price", "stock", inclusion=both(X, NOT_Y))
    (gated,) = gate_conditional_steps([step])
    assert gated is step
    assert step.gate == frozenset({("x", True), ("y", False)})
    assert render_compact(step.selection.freeze()) == "{...on Product{price stock}}"


def test_only_the_shared_literals_gate() -> None:
    step = entity(1, "b", ("p",), {0})
    on = step.selection.fragment("Product")
    on.field("price", "price", inclusion=both(X, Y))
    on.field("stock", "stock", inclusion=X)
    gate_conditional_steps([step])
    assert step.gate == frozenset({("x", True)})
    assert render_compact(step.selection.freeze()) == "{...on Product{price @include(if:$y) stock}}"


def test_an_unconditional_field_leaves_the_step_ungated() -> None:
    step = entity(1, "b", ("p",), {0})
    on = step.selection.fragment("Product")
    on.field("price", "price", inclusion=X)
    on.field("stock", "stock")
    gate_conditional_steps([step])
    assert step.gate == frozenset()
    assert render_compact(step.selection.freeze()) == "{...on Product{price @include(if:$x) stock}}"


def test_alternatives_do_not_gate() -> None:
    step = entity(1, "b", ("p",), {0}, "price", inclusion=either(X, Y))
    gate_conditional_steps([step])
    assert step.gate == frozenset()


def test_fields_of_every_fragment_count() -> None:
    step = entity(1, "b", ("p",), {0}, "price", inclusion=X)
    step.selection.fragment("Book").field("isbn", "isbn")
    gate_conditional_steps([step])
    assert step.gate == frozenset()


def test_typename_does_not_count() -> None:
    step = entity(1, "b", ("p",), {0}, "price", inclusion=X)
    step.selection.fragment("Product").typename()
    gate_conditional_steps([step])
    assert step.gate == frozenset({("x", True)})


def test_root_steps_gate_on_their_top_fields() -> None:
    step = root(0, "a")
    me = step.selection.field("me", "me", sub_type="User", inclusion=X)
    assert me is not None and me.sub is not None
    me.sub.field("nick", "nick", inclusion=Y)
    gate_conditional_steps([step])
    assert step.gate == frozenset({("x", True)})
    assert render_compact(step.selection.freeze()) == "{me{nick @include(if:$y)}}"
    assert gate_conditional_steps([root(1, "a", "n")])[0].gate == frozenset()


def test_an_object_type_whose_fields_all_wait_gets_a_type_gate() -> None:
    step = entity(1, "b", ("p",), {0})
    step.selection.fragment("Photo").field("uuid", "uuid", inclusion=X)
    step.selection.fragment("Clip").field("author", "author")
    gate_conditional_steps([step])
    assert step.gate == frozenset()
    assert step.type_gates == {"Photo": frozenset({("x", True)})}
