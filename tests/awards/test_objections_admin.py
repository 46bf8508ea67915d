"""The committee records the objections of an appeal window (sanggahan) on the event's page: a
member of the Komite group, not a superuser, may (awards 0015 gave the group the rights)."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Objection
from tests.factories import EventFactory, OfficeFactory
from tests.helpers import event_form

pytestmark = pytest.mark.django_db


def test_committee_member_records_an_objection_on_the_events_page(committee_client, committee_member):
    event = EventFactory(title="Rakor Smart City 2021", slug="rakor-2021")
    office = OfficeFactory(name="Dinas Kesehatan")
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
    form = event_form(title=event.title, slug=event.slug, year="2021", city="Banjarmasin")
    form.update(
        {
            "objections-TOTAL_FORMS": "1",
            "objections-INITIAL_FORMS": "0",
            "objections-0-received_on": "2021-11-04",
            "objections-0-office": str(office.pk),
            "objections-0-summary": "Akun Instagram kami tidak dinilai.",
            "objections-0-decision": "pending",
            "objections-0-decision_note": "",
        }
    )

    page = committee_client.get(url)
    posted = committee_client.post(url, form)

    assert not committee_member.is_superuser
    assert "objections-TOTAL_FORMS" in page.content.decode()
    assert posted.status_code == 302
    assert list(Objection.objects.values_list("event", "office", "received_on", "summary", "decision")) == [
        (event.pk, office.pk, datetime.date(2021, 11, 4), "Akun Instagram kami tidak dinilai.", "pending")
    ]
