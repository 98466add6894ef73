"""The benchmark operations: the public benchmark's nested query, a trivial one, a mutation."""

from __future__ import annotations

from dataclasses import dataclass

# The classic federation gateway benchmark query (users -> reviews -> product -> reviews ->
# author -> reviews -> product, plus topProducts), touching all four subgraphs.
HEAVY_QUERY = """
fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
query TestQuery {
  users {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
      }
    }
  }
  topProducts {
    ...Product
    reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
  }
}
"""

# Resolved by the products subgraph alone.
TRIVIAL_QUERY = "query Trivial { topProducts { upc name price } }"

# Stateless: the reviews subgraph returns the review it would create; `name` comes from products.
MUTATION = (
    'mutation CreateReview { createReview(upc: "1", body: "Works as advertised.") '
    "{ id body product { upc name } } }"
)


@dataclass(frozen=True)
class Workload:
    """One load scenario: an operation, a connection count, and whether `direct` applies."""

    name: str
    query: str
    connections: int
    with_direct: bool = False
    count_subgraph_requests: bool = False


def all_workloads(connections: int) -> tuple[Workload, ...]:
    """The four workloads in report order."""
    return (
        Workload("heavy", HEAVY_QUERY, connections, count_subgraph_requests=True),
        Workload("trivial", TRIVIAL_QUERY, connections, with_direct=True),
        Workload("trivial-1conn", TRIVIAL_QUERY, 1, with_direct=True),
        Workload("mutation", MUTATION, connections),
    )
