"""Response shaping: merged subgraph data -> the client's `data`."""

from router.response.shaping import shape_response

__all__ = ["shape_response"]
