"""The supergraph source the settings name, and the first supergraph read at startup."""

from __future__ import annotations

from router.hot_reload.sources import FileSource, SupergraphSource, UrlSource
from router.settings import RouterSettings


def supergraph_source(settings: RouterSettings) -> SupergraphSource | None:
    """The URL (``ROUTER_SUPERGRAPH_URL``) or file to watch; ``None`` when polling is off."""
    if settings.supergraph_poll_interval <= 0:
        return None
    if settings.supergraph_url is not None:
        return UrlSource(settings.supergraph_url)
    return FileSource(settings.supergraph)


async def initial_supergraph(settings: RouterSettings, source: SupergraphSource | None) -> str:
    """The supergraph to start with: from the URL when one is set, else the file."""
    if settings.supergraph_url is None:
        return settings.supergraph.read_text(encoding="utf-8")
    url_source = source if isinstance(source, UrlSource) else UrlSource(settings.supergraph_url)
    sdl = await url_source.changed()
    if source is None:
        await url_source.close()
    if sdl is None:
        raise RuntimeError(f"Cannot read the supergraph from {settings.supergraph_url}.")
    return sdl
