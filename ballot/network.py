"""Who is asking: the visitor's network prefix, from the connection or from a trusted reverse proxy.

Behind nginx, every request comes from nginx itself (127.0.0.1): the visitor's address is then in
X-Forwarded-For, which nginx sets (`proxy_set_header X-Forwarded-For $remote_addr;`). That header is
believed only when the connection comes from an address listed in the trusted proxies
(BALLOT_TRUSTED_PROXIES); from anyone else it is ignored, since anyone can write it. Of the listed
addresses, the last one that is not itself a trusted proxy is the visitor's.

A visitor is known by the network prefix of their address, never by the address itself: IPv4 /32
(one address is often a whole household behind its router) and IPv6 /64 (one home or one phone's
network). The prefix only ever leaves this module as a keyed hash.
"""

from __future__ import annotations

import ipaddress

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(text: str) -> list[Network]:
    """Parse a list of addresses or networks separated by commas or spaces ("127.0.0.1, ::1")."""
    return [ipaddress.ip_network(item, strict=False) for item in text.replace(",", " ").split()]


def _address(text: str):
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def visitor_address(peer: str | None, forwarded_for: str | None, trusted: list[Network]):
    """Return the visitor's address: the peer's, or, when the peer is a trusted proxy, the last
    address of X-Forwarded-For that is not a trusted proxy. None when it cannot be known."""
    address = _address(peer or "")
    if address is None or not forwarded_for or not any(address in network for network in trusted):
        return address
    for item in reversed(forwarded_for.split(",")):
        hop = _address(item)
        if hop is None:
            return None  # a proxy we trust wrote something that is not an address: know nothing
        if not any(hop in network for network in trusted):
            return hop
    return address


def prefix_of(address, ipv4_bits: int = 32, ipv6_bits: int = 64) -> str:
    """Return the network prefix of an address as text ("203.0.113.7/32", "2001:db8:1:2::/64")."""
    bits = ipv4_bits if address.version == 4 else ipv6_bits
    return str(ipaddress.ip_network(f"{address}/{bits}", strict=False))
