"""The client's address: the TCP peer, or what a trusted proxy says in ``X-Forwarded-For``.

Used by the router (``ROUTER_TRUSTED_PROXIES``: the web app, a TLS proxy) and the web app
(``WEBAPP_TRUSTED_PROXIES``: its TLS proxy), so each sees the browser, not the hop before it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Parse trusted-proxy entries (addresses or CIDR networks); ``ValueError`` if malformed."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(
    peer: str | None, forwarded_for: str | None, networks: tuple[Network, ...]
) -> str | None:
    """The rightmost address not added by a trusted proxy (the peer itself if untrusted)."""
    if peer is None or not networks or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else peer
