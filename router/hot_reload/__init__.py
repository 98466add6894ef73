"""Supergraph hot reload: watch a file (or poll a URL) and swap in each new valid supergraph.

:class:`SupergraphWatcher` reads its :class:`SupergraphSource` every ``interval`` seconds; a
changed document is handed to the router's ``install`` callback, which builds a new engine
(a bad document is refused and the old engine keeps serving).
"""

from router.hot_reload.sources import FileSource, SupergraphSource, UrlSource, supergraph_hash
from router.hot_reload.watcher import SupergraphWatcher

__all__ = ["FileSource", "SupergraphSource", "SupergraphWatcher", "UrlSource", "supergraph_hash"]
