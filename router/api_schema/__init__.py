"""The API schema: the supergraph minus federation internals and @inaccessible elements."""

from router.api_schema.builder import build_api_schema

__all__ = ["build_api_schema"]
