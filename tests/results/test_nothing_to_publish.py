"""A correction that corrects nothing is refused: a double submit never makes two identical
versions, on every path (the service is the one writer of versions)."""

import datetime

import pytest
from django.utils import timezone, translation

from awards.models import Ranking
from results.models import PublishedVersion
from results.services import PublishRefused, event_publish, event_withdraw

pytestmark = pytest.mark.django_db

NOTHING = (
    "Nothing has changed since version 1: there is nothing to publish. Correct the places first, then "
    "publish the correction."
)


def _refusal(**kwargs) -> dict:
    with translation.override("en"), pytest.raises(PublishRefused) as refused:
        event_publish(**kwargs)
    return refused.value.message_dict


def test_publishing_the_same_results_again_is_refused(demo):
    assert _refusal(event=demo, reason="Dikirim dua kali") == {"__all__": [NOTHING]}
    assert list(PublishedVersion.objects.filter(event=demo).values_list("number", flat=True)) == [1]


def test_a_corrected_citation_is_a_correction(demo):
    Ranking.objects.filter(award__event=demo).order_by("pk").update(citation="Konten paling informatif")

    version = event_publish(event=demo, reason="Catatan juri dilengkapi")

    assert version.number == 2


def test_the_same_results_as_provisional_are_a_new_standing(demo):
    deadline = timezone.now() + datetime.timedelta(days=3)

    version = event_publish(event=demo, reason="Masa sanggah dibuka", final=False, appeal_deadline=deadline)

    assert (version.number, version.status) == (2, "provisional")
    assert _refusal(event=demo, reason="Dua kali", final=False, appeal_deadline=deadline) == {
        "__all__": [NOTHING.replace("version 1", "version 2")]
    }


def test_the_same_results_may_be_published_again_after_a_withdrawal(demo):
    event_withdraw(event=demo, reason="Ditinjau ulang")

    version = event_publish(event=demo, reason="Hasil yang sama berlaku lagi")

    assert version.number == 2
