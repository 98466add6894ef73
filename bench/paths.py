"""Filesystem locations used by the harness."""

from __future__ import annotations

from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
NODE_DIR = BENCH_DIR / "node"
NODE_BIN = NODE_DIR / "node_modules" / ".bin"
SUBGRAPH_SCHEMAS = BENCH_DIR / "subgraphs"
SUPERGRAPH = BENCH_DIR / "supergraph.graphql"
RESULTS_DIR = BENCH_DIR / "results"
RAW_DIR = RESULTS_DIR / "raw"
GRAFBASE_BIN = (
    NODE_DIR / "node_modules" / "@grafbase" / "cli-x86_64-unknown-linux-musl" / "grafbase"
)
