"""The client's address as our own reverse proxy saw it, for the login lockout."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address that connected to our outermost trusted proxy.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies appends the address it received the request from
    to X-Forwarded-For, so the client is that many entries from the right. Entries further left
    came from the client itself and could name anyone, so they are never used. A header shorter
    than expected or an entry that is no address falls back to the connection's own address.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(entries) < count:
        return remote
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
