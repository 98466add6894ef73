"""``make loadtest``: simulated users drive the real web and API flows against a local stack.

``python -m devtools.loadtest`` starts the whole stack (mongoeco on SQLite, five subgraphs,
router, web app) on free ports in a throwaway data directory, registers the users, then runs
the load several times in a row and reports errors, latency percentiles per action,
throughput and the resident memory of every process before and after each run.
"""
