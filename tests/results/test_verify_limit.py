"""/verify/<code>/ refuses an address that tries many codes no certificate has; a reader with
real codes, and every other address, is served as before."""

import pytest
from django.test import Client

from results.models import VersionPlace

pytestmark = pytest.mark.django_db


def _verify(code: str, address: str) -> int:
    return Client(REMOTE_ADDR=address).get(f"/verify/{code}/").status_code


def test_an_address_guessing_codes_is_refused_but_another_is_served(demo, settings):
    settings.VERIFY_MISSES_LIMIT = 3
    real = VersionPlace.objects.filter(version__is_current=True).order_by("order").first().code

    guesses = [_verify(f"AAAA-AA{n}2", "203.0.113.9") for n in range(3, 7)]
    real_from_guesser = _verify(real, "203.0.113.9")
    real_elsewhere = _verify(real, "198.51.100.4")

    assert guesses == [404, 404, 404, 429]
    assert real_from_guesser == 429
    assert real_elsewhere == 200


def test_real_codes_are_never_counted(demo, settings):
    settings.VERIFY_MISSES_LIMIT = 2
    codes = list(VersionPlace.objects.filter(version__is_current=True).values_list("code", flat=True)[:5])

    answers = [_verify(code, "203.0.113.9") for code in codes]

    assert answers == [200] * 5


def test_the_refusal_says_why_and_when_to_try_again(demo, settings):
    settings.VERIFY_MISSES_LIMIT = 1
    _verify("AAAA-AAA2", "203.0.113.9")

    response = Client(REMOTE_ADDR="203.0.113.9").get("/en/verify/AAAA-AAA3/")

    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.VERIFY_MISSES_WINDOW)
    assert "Too many codes tried" in response.content.decode()
