"""Reference validation on the ``refs`` fixture: marked values must resolve via their owner."""

from __future__ import annotations

from typing import Any

from tests.router.references.conftest import CONTEXT, Refs


def _not_found(key: str, type_name: str, detail: str, argument: str) -> dict[str, Any]:
    return {
        "message": f"No {type_name} with {detail} exists.",
        "path": [key],
        "extensions": {"code": "REFERENCE_NOT_FOUND", "argument": argument, "type": type_name},
    }


def _user(id: str) -> dict[str, str]:
    return {"__typename": "User", "id": id}


def _product(id: str) -> dict[str, str]:
    return {"__typename": "Product", "id": id}


async def test_valid_references_are_checked_by_their_owners_then_the_mutation_runs(
    refs: Refs,
) -> None:
    result = await refs.run(
        'mutation { placeOrder(buyerId: "u1", input: {productIds: ["p1", "p2"],'
        ' gift: {recipientId: "u2"}}) { id buyer { name } } }'
    )
    assert result == {"data": {"placeOrder": {"id": "o1", "buyer": {"name": "Ann"}}}}
    assert len(refs.orders.writes) == 1
    # one batched _entities call per owning subgraph, never the orders stub of User
    assert refs.transport.reference_checks() == {
        "accounts": [_user("u1"), _user("u2")],
        "catalog": [_product("p1"), _product("p2")],
    }
    assert refs.transport.services()[:2] == ["accounts", "catalog"]
    assert refs.transport.contexts[0] is CONTEXT  # the caller's visibility applies


async def test_missing_scalar_argument_refuses_and_sends_nothing(refs: Refs) -> None:
    result = await refs.run(
        'mutation { placeOrder(buyerId: "nope", input: {productIds: ["p1"]}) { id } }'
    )
    assert result == {
        "data": None,
        "errors": [_not_found("placeOrder", "User", 'id "nope"', "buyerId")],
    }
    assert "orders" not in refs.transport.services()
    assert refs.orders.writes == []


async def test_missing_nested_input_field_and_two_types(refs: Refs) -> None:
    result = await refs.run(
        'mutation { placeOrder(buyerId: "u1", input: {productIds: ["p1", "p404"],'
        ' gift: {recipientId: "ghost"}}) { id } }'
    )
    assert result["errors"] == [
        _not_found("placeOrder", "Product", 'id "p404"', "input.productIds.1"),
        _not_found("placeOrder", "User", 'id "ghost"', "input.gift.recipientId"),
    ]
    assert result["data"] is None
    assert refs.orders.writes == []


async def test_list_argument_reports_each_missing_element(refs: Refs) -> None:
    result = await refs.run('mutation { follow(userIds: ["u1", "x", "x"]) }')
    assert result["errors"] == [
        _not_found("follow", "User", 'id "x"', "userIds.1"),
        _not_found("follow", "User", 'id "x"', "userIds.2"),
    ]
    assert refs.transport.reference_checks() == {"accounts": [_user("u1"), _user("x")]}
    assert refs.orders.writes == []


async def test_variables_literals_and_aliases(refs: Refs) -> None:
    result = await refs.run(
        "mutation ($buyer: ID!, $product: ID!) {"
        ' o: placeOrder(buyerId: $buyer, input: {productIds: [$product, "p9"]}) { id } }',
        {"buyer": "u1", "product": "p8"},
    )
    assert result["errors"] == [
        _not_found("o", "Product", 'id "p8"', "input.productIds.0"),
        _not_found("o", "Product", 'id "p9"', "input.productIds.1"),
    ]
    result = await refs.run(
        'mutation ($input: OrderInput!) { placeOrder(buyerId: "u2", input: $input) { id } }',
        {"input": {"productIds": ["p2"], "gift": {"recipientId": "zed", "message": "hi"}}},
    )
    assert result["errors"] == [
        _not_found("placeOrder", "User", 'id "zed"', "input.gift.recipientId")
    ]
    assert refs.orders.writes == []


async def test_absent_and_null_optional_references_are_skipped(refs: Refs) -> None:
    for document, variables in (
        ('mutation { tag(label: "a") }', None),
        ('mutation { tag(userId: null, label: "b") }', None),
        ('mutation ($u: ID) { tag(userId: $u, label: "c") }', {}),
        ('mutation { placeOrder(buyerId: "u1", input: {productIds: [], gift: {}}) { id } }', None),
    ):
        result = await refs.run(document, variables)
        assert "errors" not in result, result
    assert refs.transport.reference_checks() == {"accounts": [_user("u1")]}
    assert len(refs.orders.writes) == 4


async def test_composite_key_from_an_input_object(refs: Refs) -> None:
    ok = await refs.run('mutation { bookRoom(room: {building: "A", number: 1}) }')
    assert ok == {"data": {"bookRoom": True}}
    missing = await refs.run('mutation { bookRoom(room: {building: "B", number: 2}) }')
    assert missing["errors"] == [_not_found("bookRoom", "Room", 'building "B", number 2', "room")]
    assert refs.transport.reference_checks()["catalog"] == [
        {"__typename": "Room", "building": "B", "number": 2}
    ]
    assert [name for name, _ in refs.orders.writes] == ["bookRoom"]


async def test_one_missing_reference_refuses_every_root_field(refs: Refs) -> None:
    result = await refs.run(
        'mutation { follow(userIds: ["u1"]) cancelOrder(id: "o1") tag(userId: "no", label: "x") }'
    )
    assert result == {"data": None, "errors": [_not_found("tag", "User", 'id "no"', "userId")]}
    assert refs.transport.services() == ["accounts"]
    assert refs.orders.writes == []


async def test_unavailable_owner_refuses_with_subgraph_unavailable(refs: Refs) -> None:
    refs.transport.unavailable.add("accounts")
    result = await refs.run(
        'mutation { placeOrder(buyerId: "u1", input: {productIds: ["p1"]}) { id } }'
    )
    assert result == {
        "data": None,
        "errors": [
            {
                "message": "The accounts service did not answer.",
                "path": ["placeOrder"],
                "extensions": {
                    "code": "SUBGRAPH_UNAVAILABLE",
                    "serviceName": "accounts",
                    "reason": "UNREACHABLE",
                },
            }
        ],
    }
    assert "orders" not in refs.transport.services()
    assert refs.orders.writes == []


async def test_queries_and_unmarked_mutations_are_not_checked(refs: Refs) -> None:
    assert await refs.run('{ ordersOf(buyerId: "nope") { id } }') == {"data": {"ordersOf": []}}
    assert await refs.run('mutation { cancelOrder(id: "o1") }') == {"data": {"cancelOrder": True}}
    assert refs.transport.services() == ["orders", "orders"]
