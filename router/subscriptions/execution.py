"""A subscription's plan: the root fetch is the subscription sent to its subgraph; the rest of
the plan runs once per event, like a query's, with the event's data as the root result."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from router.errors import SubgraphUnavailable
from router.executor import ExecutionState, PlanExecutor
from router.executor.subgraph_errors import unavailable_error, with_service
from router.interfaces import RequestContext, SubscriptionTransport
from router.plan import FetchNode, PlanField, QueryPlan, SequenceNode
from router.subscriptions.errors import SubscriptionEnded

type Shape = Callable[[ExecutionState, bool], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class SubscriptionPlan:
    """The subscription fetch and what runs after it for every event."""

    root: FetchNode
    rest: QueryPlan


def split_subscription(plan: QueryPlan) -> SubscriptionPlan | None:
    """The plan's subscription fetch and the rest; ``None`` when it sends no subscription (its
    root field was removed, e.g. by authorization)."""
    node = plan.node
    first, rest = (node.nodes[0], node.nodes[1:]) if isinstance(node, SequenceNode) else (node, ())
    if not isinstance(first, FetchNode) or first.operation_kind != "subscription":
        return None
    after = rest[0] if len(rest) == 1 else (SequenceNode(rest) if rest else None)
    return SubscriptionPlan(first, QueryPlan(after))


async def run_events(
    transport: SubscriptionTransport,
    executor: PlanExecutor,
    plan: SubscriptionPlan,
    variables: Mapping[str, Any],
    context: RequestContext,
    shape: Shape,
) -> AsyncIterator[dict[str, Any]]:
    """Each event of the upstream subscription, completed and shaped; ``SubscriptionEnded``
    (``SUBGRAPH_UNAVAILABLE`` when the subgraph goes away) ends the stream."""
    root = plan.root
    body: dict[str, Any] = {
        "query": root.operation,
        "variables": {name: variables[name] for name in root.variable_usages if name in variables},
    }
    if root.operation_name:
        body["operationName"] = root.operation_name
    keys = [field.alias or field.name for field in root.selections if isinstance(field, PlanField)]
    first = True
    try:
        async for event in transport.subscribe(root.service_name, body, context):
            state = await executor.run_from_root(plan.rest, root, event, variables, context)
            yield shape(state, first)
            first = False
    except SubgraphUnavailable as failure:
        raise SubscriptionEnded([unavailable_error(failure, [key]) for key in keys]) from None
    except SubscriptionEnded as ended:  # the subgraph refused the operation
        service = root.service_name
        errors = [with_service(error, service) for error in ended.errors]
        raise SubscriptionEnded(errors or [unavailable_error(_refused(service), None)]) from None


def _refused(service: str) -> SubgraphUnavailable:
    return SubgraphUnavailable(service, "refused the subscription", "BAD_RESPONSE")
