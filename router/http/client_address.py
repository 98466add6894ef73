"""The router's import path of :mod:`plumbing.client_address` (shared with the web app)."""

from plumbing.client_address import Network, client_address, trusted_networks

__all__ = ["Network", "client_address", "trusted_networks"]
