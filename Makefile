# Developer entry points. Every target bootstraps what it needs first (idempotent, fast when done):
# `make run` only the Python venv; `make test` and `make supergraph` also the Node tools (devtools/node).
#   make run    – the whole stack locally (mongoeco + subgraphs + router + webapp), Ctrl-C stops it
#   make test   – the full test suite (what CI runs)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PY := .venv/bin/python
# Python packages that exist (mypy/ruff only look at those).
PACKAGES := $(wildcard plumbing subgraphs router middleman devtools bench webapp)
# Browser tests need Chromium; set BROWSER_TESTS=1 (or let CI detect tests/browser) to install it.
BROWSER_TESTS ?= $(if $(wildcard tests/webapp),1,0)
PYTEST_ARGS ?=

.PHONY: help bootstrap node-tools run test lint format supergraph supergraph-check trusted-documents bench loadtest secrets browser-deps clean-data

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

bootstrap: ## Python 3.13 venv via uv (uv sync --frozen): all that `make run` needs
	@devtools/bootstrap.sh

node-tools: ## bootstrap + the pinned Node tools in devtools/node (npm ci): composer, peer gateways
	@devtools/bootstrap.sh --node

run: bootstrap ## Run the whole stack locally (dev only); Ctrl-C stops everything
	$(PY) -m devtools.run_stack $(RUN_ARGS)

browser-deps: ## (optional) Chromium for browser tests: apt-get install chromium
	@if [ "$(BROWSER_TESTS)" = "1" ] && ! command -v chromium >/dev/null; then \
		echo "[browser-deps] installing chromium"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends chromium; \
	fi

test: node-tools browser-deps ## Run the full test suite
	@status=0; $(PY) -m pytest $(PYTEST_ARGS) tests || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests (exit 5)" >&2; fi; \
	exit $$status

lint: bootstrap ## ruff check + ruff format --check + mypy --strict (packages and tests)
	.venv/bin/ruff check $(PACKAGES) tests
	.venv/bin/ruff format --check $(PACKAGES) tests
	.venv/bin/mypy $(PACKAGES) tests

format: bootstrap ## Apply ruff fixes and formatting
	.venv/bin/ruff check --fix $(PACKAGES) tests
	.venv/bin/ruff format $(PACKAGES) tests

supergraph: node-tools ## Compose supergraph.graphql from the subgraphs' schemas
	$(PY) -m devtools.supergraph

supergraph-check: node-tools ## Fail when supergraph.graphql is stale
	$(PY) -m devtools.supergraph --check

trusted-documents: bootstrap ## Rewrite webapp/trusted-documents.json from the web app's operations
	$(PY) -m webapp.documents

bench: node-tools ## Gateway benchmark -> bench/results/latest.{json,md,png} (npm ci of bench/node on first run; BENCH_DURATION=5 for a quick run)
	@command -v wrk >/dev/null || apt-get install -y -q wrk
	$(PY) -m bench

loadtest: bootstrap ## 50 users on the web app + API, 3 runs x 60 s -> .data/loadtest/latest.md (LOADTEST_DURATION=20 for a quick run)
	$(PY) -m devtools.loadtest

secrets: bootstrap ## Generate ./secrets/ for docker compose (keys, Django secret, MongoDB passwords and key file)
	$(PY) -m devtools.make_secrets

clean-data: ## Delete local dev data (.data: mongoeco database, dev JWT key)
	rm -rf .data
