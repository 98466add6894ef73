"""The router's HTTP layer: a raw ASGI app serving GraphQL over HTTP."""

from router.http.app import RouterApp, create_app

__all__ = ["RouterApp", "create_app"]
