"""Who may reach the service: loopback alone, or anyone holding the bearer token.

Standard library only, so the CLI can check this before it loads the web stack.
"""

from __future__ import annotations

import ipaddress

DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
"""Largest request body accepted (2 MB): about 30 long articles in one job."""


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name could resolve anywhere


def check_exposure(host: str, token: str | None) -> None:
    """Refuse to serve beyond loopback without a token: every request spends model time."""
    if not token and not is_loopback(host):
        raise ValueError(
            f"binding to {host} exposes the service beyond this machine; set a bearer token "
            "with --token or EXTRACTOR_TOKEN, or bind to 127.0.0.1"
        )
