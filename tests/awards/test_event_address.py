"""A published event's address is permanent: the service refuses a new slug on every path."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from awards.models import EvaluationEvent
from awards.services import event_save
from results.services import event_publish, event_withdraw
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_draft_may_change_its_address():
    event = EventFactory(slug="rakor-2021")
    event.slug = "rakor-smart-city-2021"

    event_save(event=event)

    assert EvaluationEvent.objects.get(pk=event.pk).slug == "rakor-smart-city-2021"


@pytest.mark.parametrize("withdrawn", [False, True])
def test_a_published_event_keeps_its_address(withdrawn):
    event = EventFactory(slug="rakor-2021", title="Rakor 2021")
    event_publish(event=event)
    if withdrawn:
        event_withdraw(event=event, reason="Salah data")
    edited = EvaluationEvent.objects.get(pk=event.pk)
    edited.slug, edited.title = "rakor-baru", "Rakor Smart City 2021"

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        event_save(event=edited)

    assert refused.value.message_dict == {
        "slug": [
            "This event has been published: its address is printed on certificates and shared, so it "
            "cannot change. Correct the title instead; the address stays."
        ]
    }
    stored = EvaluationEvent.objects.get(pk=event.pk)
    assert (stored.slug, stored.title) == ("rakor-2021", "Rakor 2021")


def test_a_published_event_may_change_its_title():
    event = EventFactory(slug="rakor-2021", title="Rakor 2021")
    event_publish(event=event)
    edited = EvaluationEvent.objects.get(pk=event.pk)
    edited.title = "Rakor Smart City 2021"

    event_save(event=edited)

    assert EvaluationEvent.objects.get(pk=event.pk).title == "Rakor Smart City 2021"
