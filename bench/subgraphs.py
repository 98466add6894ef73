"""Compose the benchmark supergraph and run the four benchmark subgraphs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bench.paths import NODE_DIR, RAW_DIR, SUPERGRAPH
from bench.processes import Service, free_port, port_is_free
from bench.workloads import TRIVIAL_QUERY
from devtools.composer import SubgraphSource, compose_subgraphs

SCHEMAS_DIR = Path(__file__).parent / "subgraphs"
SUBGRAPH_NAMES = ("accounts", "inventory", "products", "reviews")
DEFAULT_GATEWAY_PORT = 4200
DEFAULT_SUBGRAPH_PORTS = {name: 4201 + index for index, name in enumerate(SUBGRAPH_NAMES)}


def graphql_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/graphql"


def compose(out: Path, ports: dict[str, int]) -> None:
    """Compose the subgraph SDLs with the pinned composer (devtools/node) into ``out``."""
    composed = compose_subgraphs(
        [
            SubgraphSource(name, (SCHEMAS_DIR / f"{name}.graphql").read_text(), graphql_url(port))
            for name, port in ports.items()
        ]
    )
    out.write_text(composed.rstrip() + "\n")


def pick_ports() -> tuple[int, dict[str, int]]:
    """The default ports when free (so the committed supergraph is used as is), else free ones."""
    wanted = [DEFAULT_GATEWAY_PORT, *DEFAULT_SUBGRAPH_PORTS.values()]
    if all(port_is_free(port) for port in wanted):
        return DEFAULT_GATEWAY_PORT, dict(DEFAULT_SUBGRAPH_PORTS)
    return free_port(), {name: free_port() for name in SUBGRAPH_NAMES}


def prepare_supergraph(ports: dict[str, int]) -> Path:
    """Regenerate bench/supergraph.graphql (default ports) and return the one for this run."""
    compose(SUPERGRAPH, DEFAULT_SUBGRAPH_PORTS)
    if ports == DEFAULT_SUBGRAPH_PORTS:
        return SUPERGRAPH
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    run_supergraph = RAW_DIR / "supergraph.run.graphql"
    compose(run_supergraph, ports)
    return run_supergraph


@dataclass
class SubgraphFleet:
    """The four running benchmark subgraphs."""

    ports: dict[str, int]
    services: dict[str, Service]

    @property
    def urls(self) -> dict[str, str]:
        return {name: graphql_url(port) for name, port in self.ports.items()}

    @property
    def base_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports.values()]

    def stop(self) -> None:
        for service in self.services.values():
            service.stop()


def start_subgraphs(ports: dict[str, int]) -> SubgraphFleet:
    services: dict[str, Service] = {}
    fleet = SubgraphFleet(ports, services)
    try:
        for name, port in ports.items():
            services[name] = Service(
                f"subgraph-{name}",
                ["node", str(NODE_DIR / "subgraph.mjs"), name, str(port)],
                env={"NODE_ENV": "production"},
            ).start()
        for name, port in ports.items():
            services[name].wait_for_port(port, timeout=30)
    except BaseException:
        fleet.stop()
        raise
    return fleet


def _entities_body(selection: str, representations: list[dict[str, object]]) -> str:
    query = (
        "query($representations:[_Any!]!){_entities(representations:$representations)"
        f"{{{selection}}}}}"
    )
    return json.dumps(
        {"query": query, "variables": {"representations": representations}},
        separators=(",", ":"),
    )


def direct_requests() -> dict[str, str]:
    """One representative request body per subgraph, like those the gateways send."""
    return {
        "accounts": json.dumps({"query": "{ users { id username name } }"}),
        "inventory": _entities_body(
            "... on Product { inStock shippingEstimate }",
            [
                {"__typename": "Product", "upc": str(n), "price": 899, "weight": 100}
                for n in range(1, 6)
            ],
        ),
        "products": json.dumps({"query": TRIVIAL_QUERY}),
        "reviews": _entities_body(
            "... on User { reviews { id body product { upc } } }",
            [{"__typename": "User", "id": str(n)} for n in range(1, 7)],
        ),
    }
