"""Which address counts as the client's for per-client limits (X-Forwarded-For trust)."""

from __future__ import annotations

import pytest

from plumbing.client_address import client_address, trusted_networks
from router.settings import RouterSettings

WEBAPP = trusted_networks(["127.0.0.1", "10.0.0.0/8"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "networks", "expected"),
    [
        ("203.0.113.9", None, WEBAPP, "203.0.113.9"),  # direct client
        ("203.0.113.9", "1.2.3.4", WEBAPP, "203.0.113.9"),  # untrusted peer: header ignored
        ("127.0.0.1", "198.51.100.7", WEBAPP, "198.51.100.7"),  # the web app forwards
        ("127.0.0.1", "6.6.6.6, 198.51.100.7", WEBAPP, "198.51.100.7"),  # spoofed first hop
        ("127.0.0.1", "198.51.100.7, 10.1.2.3", WEBAPP, "198.51.100.7"),  # two trusted hops
        ("127.0.0.1", None, WEBAPP, "127.0.0.1"),  # trusted peer without header
        ("127.0.0.1", "198.51.100.7", (), "127.0.0.1"),  # nothing trusted by default
        (None, "198.51.100.7", WEBAPP, None),
    ],
)
def test_client_address(
    peer: str | None, forwarded: str | None, networks: tuple[object, ...], expected: str | None
) -> None:
    assert client_address(peer, forwarded, networks) == expected  # type: ignore[arg-type]


def test_trusted_proxies_setting_rejects_a_malformed_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTER_TRUSTED_PROXIES", "127.0.0.1, not-an-address")
    with pytest.raises(ValueError, match="not-an-address"):
        RouterSettings()
    monkeypatch.setenv("ROUTER_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
    assert RouterSettings().trusted_proxies == ("127.0.0.1", "10.0.0.0/8")
