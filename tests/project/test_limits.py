"""Requests are bounded, and the largest real form still fits within the bounds."""

import pytest
from django.urls import reverse

from awards.models import EvaluationEvent
from offices.models import Channel
from tests.factories import OfficeFactory
from tests.helpers import event_form

pytestmark = pytest.mark.django_db


def test_event_page_with_a_hundred_place_rows_saves(committee_client, settings):
    channels = list(Channel.objects.order_by("order"))
    offices = [OfficeFactory(name=f"Dinas Uji {n:03}") for n in range(34)]
    places = [
        (channel, office, position, False)
        for channel in channels
        for position, office in enumerate(offices, start=1)
    ][:100]
    data = event_form(places, places_per_category="34")

    response = committee_client.post(reverse("admin:awards_evaluationevent_add"), data)

    assert len(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert response.status_code == 302
    assert EvaluationEvent.objects.get().rankings.count() == 100


def test_form_with_too_many_fields_is_refused(committee_client, settings):
    data = {f"field-{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    response = committee_client.post(reverse("admin:awards_evaluationevent_add"), data)

    assert response.status_code == 400
    assert EvaluationEvent.objects.count() == 0


def test_body_over_the_memory_limit_is_refused(committee_client, settings):
    data = {"title": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}

    response = committee_client.post(reverse("admin:awards_evaluationevent_add"), data)

    assert response.status_code == 400
    assert EvaluationEvent.objects.count() == 0
