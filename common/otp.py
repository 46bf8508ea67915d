"""Two-factor sign-in (django-otp): who must confirm a sign-in with a code, and the pages for it.

A committee member signs in with a password as before. Whoever has set up an authenticator app
(a TOTP device) then confirms each sign-in with its code, or with one of the ten single-use
recovery codes (a static device). A superuser must have done so before any admin page, and
anyone before publishing or withdrawing results (``otp_required_for_publishing``).

django-otp's ``OTPMiddleware`` would look the session's device up on every request of a signed-in
user; here ``user_is_verified`` looks it up only where a code is required (a superuser's admin
pages, publishing), with the library's own session key and device lookup, so a device that the
administrator deletes ends the verification at once all the same.
"""

import base64
import functools
from urllib.parse import urlencode

import django_otp
import segno
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

# Set at sign-in: this account has a device, so every admin page asks for its code first.
REQUIRED_SESSION_KEY = "two_factor_required"
RECOVERY_CODE_COUNT = 10
SETUP_URL_NAME = "admin-two-factor-setup"
VERIFY_URL_NAME = "admin-two-factor-verify"


# --- who is verified ---------------------------------------------------------------------------


def user_is_verified(request: HttpRequest) -> bool:
    """Whether this session's sign-in was confirmed with a code from one of the user's devices."""
    verified = getattr(request, "_two_factor_verified", None)
    if verified is None:
        verified = False
        persistent_id = request.session.get(django_otp.DEVICE_ID_SESSION_KEY)
        if persistent_id and request.user.is_authenticated:
            device = Device.from_persistent_id(persistent_id)
            verified = device is not None and device.confirmed and device.user_id == request.user.pk
        request._two_factor_verified = verified
    return verified


def user_has_device(user) -> bool:
    """Whether the user has set up an authenticator app (recovery codes alone do not count)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def two_factor_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """To the page that asks for a code (or sets a device up first), and back here afterwards."""
    name = VERIFY_URL_NAME if user_has_device(request.user) else SETUP_URL_NAME
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def otp_required_for_publishing(view):
    """Publishing and withdrawing need a sign-in confirmed with a code; else the code page first.

    For an admin view or action (the request is its first or second argument).
    """

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        request = next(arg for arg in args[:2] if isinstance(arg, HttpRequest))
        if not user_is_verified(request):
            return two_factor_redirect(request)
        return view(*args, **kwargs)

    return wrapped


def note_two_factor_at_login(sender, request, user, **kwargs) -> None:
    """At sign-in (a ``user_logged_in`` receiver): whether this account must give a code."""
    if request is not None and hasattr(request, "session") and user.is_staff:
        request.session[REQUIRED_SESSION_KEY] = user_has_device(user)


class TwoFactorMiddleware:
    """Under the admin, a superuser, or a user who has a device, confirms the sign-in first.

    After ``AuthenticationMiddleware``. Other staff pass without a query: whether they have a
    device was noted in the session at sign-in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_verify(request):
            return two_factor_redirect(request)
        return self.get_response(request)

    @staticmethod
    def _must_verify(request: HttpRequest) -> bool:
        if not request.path.startswith(reverse("admin:index")):
            return False
        exempt = {
            reverse(name)
            for name in ("admin:login", "admin:logout", "admin:jsi18n", SETUP_URL_NAME, VERIFY_URL_NAME)
        }
        if request.path in exempt:
            return False
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return False
        if not (user.is_superuser or request.session.get(REQUIRED_SESSION_KEY)):
            return False
        return not user_is_verified(request)


# --- writes ------------------------------------------------------------------------------------


def two_factor_device_start(*, user) -> TOTPDevice:
    """The user's authenticator device being set up (unconfirmed until its first code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def two_factor_device_confirm(*, device: TOTPDevice, token: str) -> list[str]:
    """Confirm a new authenticator with its first code; returns the new recovery codes.

    Earlier devices of the user (an authenticator, recovery codes) are replaced.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):
            raise ValidationError(
                _("That code is not right. Enter the code the app shows now."), code="invalid"
            )
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=device.user).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        recovery = StaticDevice.objects.create(user=device.user, name="recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def two_factor_match(*, user, token: str) -> Device | None:
    """The user's device that accepts ``token`` (an app's six digits, or a recovery code).

    Only the device of the token's kind is tried, so a mistyped app code does not slow down the
    recovery codes (django-otp throttles each device after a wrong code: 1, 2, 4, ... seconds).
    """
    token = "".join(token.split()).lower()
    model = TOTPDevice if token.isdigit() else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            raise ValidationError(
                _("Too many wrong codes: wait a few seconds, then enter the code again."), code="throttled"
            )
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    return None


def two_factor_reset(*, user) -> int:
    """Remove the user's authenticator and recovery codes (a lost phone); returns how many."""
    with transaction.atomic():
        apps = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
        recovery = StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    return apps + recovery


# --- pages -------------------------------------------------------------------------------------


class CodeForm(forms.Form):
    """One code: six digits from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _signed_in_with(request: HttpRequest, device: Device) -> None:
    # A new session key for the raised trust, as at any sign-in.
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[REQUIRED_SESSION_KEY] = True
    request._two_factor_verified = True


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url("admin:index")


def _page(request: HttpRequest, template: str, title, **context) -> TemplateResponse:
    context = {**admin.site.each_context(request), "title": title, "next": _next_url(request), **context}
    return TemplateResponse(request, template, context)


def setup_view(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: its QR code and secret, then its first code; then the
    recovery codes, shown once."""
    title = _("Set up two-factor sign-in")
    if user_has_device(request.user):
        return _page(request, "registration/two_factor_setup.html", title, already=True)
    device = two_factor_device_start(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor_device_confirm(device=device, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _signed_in_with(request, TOTPDevice.objects.get(pk=device.pk))
            return _page(
                request,
                "registration/two_factor_recovery_codes.html",
                _("Your recovery codes"),
                codes=codes,
            )
    qr = segno.make(device.config_url, error="m")
    return _page(
        request,
        "registration/two_factor_setup.html",
        title,
        form=form,
        qr_data_uri=qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
        secret=base64.b32encode(device.bin_key).decode("ascii"),
    )


def verify_view(request: HttpRequest) -> HttpResponse:
    """Confirm this sign-in with a code from the authenticator app, or a recovery code."""
    if not user_has_device(request.user):
        return HttpResponseRedirect(f"{reverse(SETUP_URL_NAME)}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_match(user=request.user, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            if device is not None:
                _signed_in_with(request, device)
                return HttpResponseRedirect(_next_url(request))
            form.add_error(
                "code", _("That code is not right. Enter the code the app shows now, or a recovery code.")
            )
    return _page(request, "registration/two_factor_verify.html", _("Confirm your sign-in"), form=form)
