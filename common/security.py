"""The login lockout: the client's address as our own reverse proxy saw it, and the slow path."""

import ipaddress
import math

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.db.models import Max, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


def login_wait_seconds(*, username: str, ip_address: str | None) -> int:
    """Seconds this address must wait before its next password for ``username`` is checked.

    The slow path for a name guessed from many addresses, instead of a lock: once the name has
    ``LOGIN_SLOW_AFTER`` failures within the lockout's cool-off from all addresses together, an
    address that has itself failed for it gets one check per ``LOGIN_SLOW_SECONDS`` across all
    such addresses. An address with no failure for the name (the right person on another
    network) is never slowed, so guessing never locks the owner out; the guesser's many
    addresses, once used, share one slow lane. django-axes still locks each (name, address)
    pair after ``AXES_FAILURE_LIMIT`` failures.
    """
    if not username:
        return 0
    now = timezone.now()
    seen = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - settings.AXES_COOLOFF_TIME
    ).aggregate(
        failures=Sum("failures_since_start"),
        last=Max("attempt_time"),
        here=Max("attempt_time", filter=Q(ip_address=ip_address)),
    )
    if (seen["failures"] or 0) < settings.LOGIN_SLOW_AFTER or seen["here"] is None:
        return 0
    return max(0, math.ceil(settings.LOGIN_SLOW_SECONDS - (now - seen["last"]).total_seconds()))


class LoginForm(AdminAuthenticationForm):
    """The admin's sign-in form, which first asks whether this address must wait (the slow path).

    A slowed attempt never reaches authentication, so django-axes neither counts it nor moves a
    lock's end.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "slowed": _(
            "This name has just been tried with wrong passwords from many addresses, so signing "
            "in with it is slowed down. Wait %(seconds)d seconds and sign in again."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        wait = login_wait_seconds(username=username, ip_address=client_ip(self.request)) if username else 0
        if wait:
            raise ValidationError(self.error_messages["slowed"], code="slowed", params={"seconds": wait})
        return super().clean()


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
