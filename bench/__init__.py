"""Gateway benchmark harness: fast benchmark subgraphs, peer gateways, wrk load, reports.

Run with ``python -m bench`` from the repository root (see bench/README.md).
"""
