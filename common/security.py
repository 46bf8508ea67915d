"""The login lockout: the client's address as our own reverse proxy saw it, and the limits."""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse


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


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """The admin's "view on site" shortcut (admin/r/<ct>/<id>/), only for who may view the object.

    Django's own shortcut redirects any staff member to any object's address, a draft event's
    included; here the object is looked up through its model's permission first, and a model
    may narrow further with a ``visible_to(user)`` queryset method (drafts), so the shortcut
    obeys the same rule as the page it leads to.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        model = None
    if model is None:
        raise Http404
    opts = model._meta
    if not request.user.has_perm(f"{opts.app_label}.{get_permission_codename('view', opts)}"):
        raise Http404
    queryset = model._default_manager.all()
    if hasattr(queryset, "visible_to"):
        queryset = queryset.visible_to(request.user)
    try:
        queryset.get(pk=object_id)
    except (model.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    return shortcut(request, content_type_id, object_id)
