"""A superuser sets up two-factor sign-in in Chromium: the QR code shows under the
Content-Security-Policy, the app's first code confirms it, the recovery codes appear once."""

import base64
import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "rahasia-komite-2021"


def test_superuser_sets_up_two_factor_sign_in_under_the_policy(live_server, new_page, base_data):
    get_user_model().objects.create_superuser("admin", password=PASSWORD)
    page = new_page(locale="en-US")
    violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/two-factor/setup/\?next=%2Fadmin%2F$"))
    qr_width = page.eval_on_selector("img.two-factor-qr", "img => img.complete ? img.naturalWidth : 0")
    secret = page.inner_text("code.two-factor-secret")
    # What the authenticator app computes from the key it was given.
    page.fill("#id_code", f"{totp(base64.b32decode(secret)):06d}")
    page.click("input[type=submit]")
    codes = page.locator("ul.two-factor-codes code").all_inner_texts()
    page.click("text=Continue")
    page.wait_for_url(f"{live_server.url}/admin/")

    assert qr_width > 100
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
    assert page.locator("#site-name").is_visible()
    assert violations == []
