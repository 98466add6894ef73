"""The router's Prometheus metrics: a small registry (``metrics``) and the router's series.

Logs, request ids and tracing, which every service shares, live in :mod:`plumbing`.
"""
