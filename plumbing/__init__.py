"""Logs, request ids, tracing, JWT keys and tokens, and GraphiQL shared by every service."""
