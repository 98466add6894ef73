"""`render`: plan nodes from fetch steps, each operation text rendered once."""

from __future__ import annotations

from graphql import ArgumentNode, FieldNode, OperationDefinitionNode, parse

from router.plan import (
    ConditionNode,
    EntityBatchNode,
    FetchNode,
    FlattenNode,
    PlanField,
    PlanFragment,
    PlanNode,
    Rename,
    RepresentationShape,
    SequenceNode,
)
from router.planner.fetch_graph import StepBatch
from router.planner.render import (
    RenderContext,
    render_batch,
    render_step,
    render_unit,
    representations_variable,
)
from tests.router.planner.optimize.steps import entity, root
from tests.router.supergraphs import media, shop

CONTEXT = RenderContext(None, {}, reuse_entities=True)


def _arguments_with(variable: str) -> tuple[ArgumentNode, ...]:
    operation = parse(f"{{ f(n: ${variable}) }}").definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    field = operation.selection_set.selections[0]
    assert isinstance(field, FieldNode) and field.arguments is not None
    return tuple(field.arguments)


def _declared(operation: str) -> list[str]:
    definition = parse(operation).definitions[0]
    assert isinstance(definition, OperationDefinitionNode)
    return [d.variable.name.value for d in definition.variable_definitions or ()]


def _nodes(node: PlanNode | None) -> tuple[PlanNode, ...]:
    assert isinstance(node, SequenceNode)
    return node.nodes


def test_an_anonymous_query_root_fetch_is_shorthand() -> None:
    node = render_step(root(0, "a", "x", "y"), CONTEXT, None)
    assert node.operation == "{x y}"
    assert (node.service_name, node.operation_kind, node.operation_name) == ("a", "query", None)
    assert node.selections == (PlanField("x"), PlanField("y"))
    assert node.requires == () and node.representations == () and node.reuse_key == ""
    assert not node.is_entity_fetch


def test_named_operations_name_each_fetch_by_subgraph_and_index() -> None:
    plan = shop().plan("query Prices { products { name price } }")
    catalog, flatten = _nodes(plan.node)
    assert isinstance(catalog, FetchNode) and isinstance(flatten, FlattenNode)
    assert catalog.operation_name == "Prices__catalog__0"
    assert catalog.operation == "query Prices__catalog__0{products{__typename name id}}"
    assert flatten.node.operation_name == "Prices__pricing__1"
    assert flatten.node.operation.startswith("query Prices__pricing__1($representations:")


def test_variables_are_declared_with_their_types_and_defaults() -> None:
    plan = shop().plan(
        'query($c: String! = "USD", $n: ID!) { product(id: $n) { name price(currency: $c) } }'
    )
    catalog, flatten = _nodes(plan.node)
    assert isinstance(catalog, FetchNode) and isinstance(flatten, FlattenNode)
    assert catalog.variable_usages == ("n",)
    assert catalog.operation == "query($n:ID!){product(id: $n){__typename name id}}"
    assert flatten.node.variable_usages == ("c",)
    assert flatten.node.operation == (
        'query($representations:[_Any!]!,$c:String!="USD")'
        "{_entities(representations:$representations){...on Product{price(currency: $c)}}}"
    )


def test_entity_fetches_carry_requires_and_representation_shapes() -> None:
    step = entity(1, "c", ("products", "@"), {0}, "price")
    step.typename_rewrites["Product"] = "Item"
    flatten = render_unit(step, CONTEXT, 1)
    assert isinstance(flatten, FlattenNode) and flatten.paths == (("products", "@"),)
    node = flatten.node
    assert node.is_entity_fetch
    assert node.operation == (
        "query($representations:[_Any!]!)"
        "{_entities(representations:$representations){...on Product{price}}}"
    )
    assert node.requires == (PlanFragment("Product", (PlanField("__typename"), PlanField("id"))),)
    assert node.representations == (
        RepresentationShape(
            "Product",
            "Item",
            (("__typename", "__typename", None, False), ("id", "id", None, False)),
            ("id",),
        ),
    )
    assert node.reuse_key == "c {...on Product{price}}"


def test_mutations_never_reuse_entity_answers() -> None:
    context = RenderContext("M", {}, reuse_entities=False)
    node = render_step(entity(1, "c", ("p",), {0}, "price"), context, None)
    assert node.reuse_key == ""


def test_renames_travel_with_the_fetch() -> None:
    step = root(0, "a")
    items = step.selection.field("items", "items", type_text="[Item]", sub_type="Item")
    assert items is not None and items.sub is not None
    items.sub.fragment("A").field("v", "v", type_text="Int!")
    items.sub.fragment("B").field("v", "v", type_text="Int")
    node = render_step(step, CONTEXT, None)
    assert node.operation == "{items{...on A{v} ...on B{_v1:v}}}"
    assert node.renames == (Rename(("items",), "_v1", "v"),)


def test_rewritten_typenames_show_as_input_rewrites() -> None:
    plan = media().plan("{ media { title score } }")
    _media, flatten = _nodes(plan.node)
    assert isinstance(flatten, FlattenNode)
    rewrites = flatten.node.representations
    assert {(s.concrete_type, s.sent_typename) for s in rewrites} == {
        ("Book", "Media"),
        ("Movie", "Media"),
    }
    json = plan.to_json()["node"]["nodes"][1]["node"]
    assert json["inputRewrites"][0] == {
        "kind": "ValueSetter",
        "path": ["... on Book", "__typename"],
        "setValueTo": "Media",
    }


def test_batches_alias_each_entities_call() -> None:
    plan = shop().plan("{ products { usCost euCost } }")
    *_first, batch = _nodes(plan.node)
    assert isinstance(batch, EntityBatchNode)
    assert batch.service_name == "shipping"
    assert batch.representation_variables == ("_0_representations", "_1_representations")
    assert batch.operation == (
        "query($_0_representations:[_Any!]!,$_1_representations:[_Any!]!)"
        "{_0:_entities(representations:$_0_representations){...on Product{usCost}}"
        " _1:_entities(representations:$_1_representations){...on Product{euCost}}}"
    )
    assert [f.node.operation_name for f in batch.fetches] == [None, None]
    assert EntityBatchNode.response_key(1) == "_1"


def test_batch_variables_stay_clear_of_client_variables() -> None:
    assert representations_variable(0, set()) == "_0_representations"
    assert representations_variable(0, {"_0_representations"}) == "__0_representations"
    first = entity(1, "c", ("p",), {0}, "price")
    first.selection.fragment("Product").field("v", "v", _arguments_with("_0_representations"))
    second = entity(2, "c", ("q",), {0}, "stock")
    context = RenderContext("Q", {"_0_representations": "Int"}, reuse_entities=True)
    batch = render_batch(StepBatch(1, "c", [first, second], {0}), context, 3)
    assert batch.representation_variables == ("__0_representations", "_1_representations")
    assert batch.operation_name == "Q__c__3"
    assert batch.operation.startswith(
        "query Q__c__3($__0_representations:[_Any!]!,$_1_representations:[_Any!]!,"
        "$_0_representations:Int)"
    )


def test_a_client_variable_named_representations_keeps_entity_fetches_valid() -> None:
    plan = shop().plan(
        "query($representations: String!) {"
        ' product(id: "1") { name price(currency: $representations) } }'
    )
    _catalog, flatten = _nodes(plan.node)
    assert isinstance(flatten, FlattenNode)
    declared = _declared(flatten.node.operation)
    assert len(declared) == len(set(declared)), flatten.node.operation


def test_a_gated_step_is_wrapped_in_one_condition_per_literal() -> None:
    step = entity(1, "c", ("p",), {0}, "price")
    step.gate = frozenset({("x", True), ("y", False)})
    node = render_unit(step, CONTEXT, 1)
    assert isinstance(node, ConditionNode) and node.condition == "x"
    assert node.else_clause is None
    inner = node.if_clause
    assert isinstance(inner, ConditionNode) and inner.condition == "y"
    assert inner.if_clause is None  # @skip(if: $y): the else branch runs
    assert isinstance(inner.else_clause, FlattenNode)


def test_an_ungated_step_is_not_wrapped() -> None:
    assert isinstance(render_unit(root(0, "a", "x"), CONTEXT, 0), FetchNode)


def test_a_gated_batch_is_wrapped() -> None:
    first = entity(1, "c", ("p",), {0}, "price")
    second = entity(2, "c", ("q",), {0}, "stock")
    first.gate = second.gate = frozenset({("x", True)})
    node = render_unit(StepBatch(1, "c", [first, second], {0}), CONTEXT, 1)
    assert isinstance(node, ConditionNode) and node.condition == "x"
    assert isinstance(node.if_clause, EntityBatchNode)


def test_a_plan_for_any_values_gates_fetches_and_forwards_other_directives() -> None:
    plan = shop().plan(
        "query($x: Boolean!, $y: Boolean! = false) {"
        " products { name @skip(if: $y) price @include(if: $x) } }",
        variables=None,
    )
    catalog, condition = _nodes(plan.node)
    assert isinstance(catalog, FetchNode)
    # the key is only needed for the gated price fetch: it waits for the same condition
    assert catalog.operation == (
        "query($x:Boolean!,$y:Boolean!=false)"
        "{products{__typename name @skip(if:$y) id @include(if:$x)}}"
    )
    assert isinstance(condition, ConditionNode) and condition.condition == "x"
    flatten = condition.if_clause
    assert isinstance(flatten, FlattenNode)
    assert flatten.node.variable_usages == ()
    assert flatten.node.operation.endswith("{...on Product{price}}}")
    assert plan.to_json()["node"]["nodes"][1]["kind"] == "Condition"
    assert "Condition(if: $x) {\n" in plan.pretty()
