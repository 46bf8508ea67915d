"""Two-factor sign-in: superusers and publishing need a code; the setup, the code and recovery codes."""

import datetime
import re
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from awards.models import EventStatus
from tests.factories import EventFactory, RankingFactory, make_committee_member
from tests.helpers import event_form, login_verified

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-komite-2021"
SETUP = reverse("admin-two-factor-setup")
VERIFY = reverse("admin-two-factor-verify")
INDEX = reverse("admin:index")
EN = {"Accept-Language": "en"}


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(client, username):
    response = client.post(
        reverse("admin:login"), {"username": username, "password": PASSWORD, "next": INDEX}, headers=EN
    )
    assert response.status_code == 302
    return response


def _with(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", password=PASSWORD)


@pytest.fixture
def device(superuser):
    return TOTPDevice.objects.create(user=superuser, name="authenticator", confirmed=True)


def test_superuser_without_device_is_sent_to_set_one_up_before_any_admin_page(client, superuser):
    _sign_in(client, "admin")

    pages = [client.get(url) for url in (INDEX, reverse("admin:auth_user_changelist"))]

    assert [(page.status_code, page.url) for page in pages] == [
        (302, _with(SETUP, INDEX)),
        (302, _with(SETUP, reverse("admin:auth_user_changelist"))),
    ]


def test_setup_shows_the_key_confirms_with_a_code_and_shows_ten_recovery_codes_once(client, superuser):
    _sign_in(client, "admin")

    page = client.get(SETUP, headers=EN)
    device = TOTPDevice.objects.get(user=superuser)
    wrong = client.post(SETUP, {"code": "000000" if _code(device) != "000000" else "111111"}, headers=EN)
    device.refresh_from_db()
    device.throttle_reset()  # the wrong code's 1-second pause, passed
    done = client.post(SETUP, {"code": _code(device), "next": INDEX}, headers=EN)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    again = client.get(SETUP, headers=EN)
    index = client.get(INDEX)

    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;charset=utf-8,%3Csvg' in html
    assert (
        f'<code class="two-factor-secret">{device.config_url.split("secret=")[1].split("&")[0]}</code>'
        in html
    )
    assert not device.confirmed
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert done.status_code == 200
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=superuser).values_list("token", flat=True)
    )
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=superuser).confirmed
    # Shown once: the setup page now only says that it is set up.
    assert again.status_code == 200
    assert "is set up for your account" in again.content.decode()
    assert not re.findall(r"<li><code>", again.content.decode())
    assert index.status_code == 200


def test_with_a_device_a_wrong_code_is_refused_and_the_right_one_accepted(client, superuser, device):
    _sign_in(client, "admin")
    right = _code(device)
    wrong = "000000" if right != "000000" else "111111"

    asked = client.get(INDEX)
    refused = client.post(VERIFY, {"code": wrong, "next": INDEX}, headers=EN)
    # Right after a wrong code even the right one waits (django-otp: 1 s, then 2, 4, ...).
    throttled = client.post(VERIFY, {"code": right, "next": INDEX}, headers=EN)
    still_asked = client.get(INDEX)
    device.refresh_from_db()
    device.throttling_failure_timestamp -= datetime.timedelta(seconds=1)
    device.save()
    accepted = client.post(VERIFY, {"code": right, "next": INDEX}, headers=EN)
    index = client.get(INDEX)

    assert (asked.status_code, asked.url) == (302, _with(VERIFY, INDEX))
    assert refused.status_code == 200
    assert "That code is not right" in refused.content.decode()
    assert throttled.status_code == 200
    assert "Too many wrong codes" in throttled.content.decode()
    assert (still_asked.status_code, still_asked.url) == (302, _with(VERIFY, INDEX))
    assert (accepted.status_code, accepted.url) == (302, INDEX)
    assert index.status_code == 200


def test_the_code_page_does_not_send_elsewhere(client, superuser, device):
    _sign_in(client, "admin")

    response = client.post(VERIFY, {"code": _code(device), "next": "https://evil.example/"})

    assert (response.status_code, response.url) == (302, INDEX)


def test_a_recovery_code_works_once(superuser, device):
    recovery = StaticDevice.objects.create(user=superuser, name="recovery codes", confirmed=True)
    StaticToken.objects.create(device=recovery, token="abcd2345")
    StaticToken.objects.create(device=recovery, token="efgh6723")
    first, second = Client(), Client()

    _sign_in(first, "admin")
    used = first.post(VERIFY, {"code": "ABCD 2345", "next": INDEX})
    _sign_in(second, "admin")
    reused = second.post(VERIFY, {"code": "abcd2345", "next": INDEX}, headers=EN)

    assert (used.status_code, used.url) == (302, INDEX)
    assert first.get(INDEX).status_code == 200
    assert reused.status_code == 200
    assert "That code is not right" in reused.content.decode()
    assert second.get(INDEX).status_code == 302
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["efgh6723"]


def test_committee_member_without_a_device_uses_the_admin_with_a_password(client):
    make_committee_member(password=PASSWORD)
    _sign_in(client, "sekretaris")

    assert client.get(reverse("admin:awards_evaluationevent_changelist")).status_code == 200


def test_committee_member_with_a_device_gives_the_code_before_any_admin_page(client):
    member = make_committee_member(password=PASSWORD)
    device = TOTPDevice.objects.create(user=member, name="authenticator", confirmed=True)
    url = reverse("admin:awards_evaluationevent_changelist")
    _sign_in(client, "sekretaris")

    asked = client.get(url)
    client.post(VERIFY, {"code": _code(device), "next": url})

    assert (asked.status_code, asked.url) == (302, _with(VERIFY, url))
    assert client.get(url).status_code == 200


@pytest.fixture
def draft():
    event = EventFactory()
    RankingFactory(event=event, position=1)
    return event


def test_committee_member_without_the_code_cannot_publish_or_withdraw(client, draft):
    member = make_committee_member()
    client.force_login(member)
    changelist = reverse("admin:awards_evaluationevent_changelist")
    publish_url = reverse("admin:awards_evaluationevent_publish", args=[draft.pk])
    withdraw_url = reverse("admin:awards_evaluationevent_withdraw", args=[draft.pk])

    action = client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    page = client.post(publish_url, {"kind": "final", "reason": ""})
    withdraw = client.post(withdraw_url, {"reason": "Penilaian diulang"})

    assert [(r.status_code, r.url) for r in (action, page, withdraw)] == [
        (302, _with(SETUP, changelist)),
        (302, _with(SETUP, publish_url)),
        (302, _with(SETUP, withdraw_url)),
    ]
    draft.refresh_from_db()
    assert (draft.status, draft.versions.count()) == (EventStatus.DRAFT, 0)


def test_save_and_publish_without_the_code_asks_for_it_and_does_not_publish(client, draft):
    member = make_committee_member()
    TOTPDevice.objects.create(user=member, name="authenticator", confirmed=True)
    client.force_login(member)
    url = reverse("admin:awards_evaluationevent_change", args=[draft.pk])
    data = event_form([], title=draft.title, slug=draft.slug)
    data.pop("_save")
    data["_publish"] = "Save and publish"

    response = client.post(url, data)

    assert (response.status_code, response.url) == (302, _with(VERIFY, url))
    draft.refresh_from_db()
    assert (draft.status, draft.versions.count()) == (EventStatus.DRAFT, 0)


def test_committee_member_with_the_code_publishes(client, draft):
    login_verified(client, make_committee_member())

    response = client.post(
        reverse("admin:awards_evaluationevent_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.versions.count()) == (EventStatus.PUBLISHED, 1)


def test_reset_command_removes_the_devices_and_ends_the_verification(client, superuser):
    login_verified(client, superuser)
    recovery = StaticDevice.objects.create(user=superuser, name="recovery codes", confirmed=True)
    StaticToken.objects.create(device=recovery, token="abcd2345")
    before = client.get(INDEX).status_code
    out = StringIO()

    call_command("two_factor_reset", "admin", stdout=out)
    after = client.get(INDEX)

    assert before == 200
    assert "Removed 2 two-factor device(s) of admin" in out.getvalue()
    assert (TOTPDevice.objects.count(), StaticDevice.objects.count()) == (0, 0)
    assert (after.status_code, after.url) == (302, _with(SETUP, INDEX))
