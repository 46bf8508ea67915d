"""The login lockout: the client's address as our own reverse proxy saw it, and the limits."""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
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


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a second, higher limit per username across addresses.

    ``AXES_LOCKOUT_PARAMETERS`` lists the (username, address) pair first and the username alone
    second. The pair locks at ``AXES_FAILURE_LIMIT`` as before; the username alone locks at
    ``AXES_USERNAME_FAILURE_LIMIT``, which bounds guesses spread over many addresses. axes has
    one limit for every parameter set, so the username's count is reported as the pair limit
    once it reaches its own.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair, username = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if username >= settings.AXES_USERNAME_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair
