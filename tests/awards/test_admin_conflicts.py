"""Two committee members with the same page open: the second save is refused with a clear message."""

import pytest
from django.test import Client
from django.urls import reverse

from awards.models import EventStatus
from awards.services import event_publish
from offices.models import Channel
from tests.factories import EventFactory, OfficeFactory, RankingFactory, make_committee_member
from tests.helpers import event_form

pytestmark = pytest.mark.django_db

EVENT_CHANGED = (
    "This event was changed by someone else since you opened it; reload the page to see their "
    "changes. Nothing was saved."
)


def _member_client(username):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(make_committee_member(username))
    return client


def _opened_event_form(client, event, **overrides):
    """The form as the member's browser would send it back: with the token of when it was opened."""
    page = client.get(reverse("admin:awards_evaluationevent_change", args=[event.pk]))
    version = page.context["adminform"].form["version"].value()
    data = event_form([], title=event.title, slug=event.slug, version=version)
    data.update({"rankings-TOTAL_FORMS": "0", "rankings-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_second_of_two_event_saves_is_refused():
    event = EventFactory(title="Evaluasi Smart City Kota Banjarmasin 2021")
    first, second = _member_client("sekretaris"), _member_client("anggota")
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
    first_form = _opened_event_form(first, event, venue="Balai Kota")
    second_form = _opened_event_form(second, event, venue="Aula Kayuh Baimbai Lt. 2")

    saved = first.post(url, first_form)
    refused = second.post(url, second_form)

    event.refresh_from_db()
    assert saved.status_code == 302
    assert refused.status_code == 200
    assert refused.context["adminform"].form.non_field_errors() == [EVENT_CHANGED]
    assert event.venue == "Balai Kota"


def test_saving_after_a_publication_is_refused_and_keeps_it_published():
    event = EventFactory()
    editor = _member_client("sekretaris")
    form = _opened_event_form(editor, event, venue="Balai Kota")
    event_publish(event=event, by=None)

    refused = editor.post(reverse("admin:awards_evaluationevent_change", args=[event.pk]), form)

    event.refresh_from_db()
    assert refused.context["adminform"].form.non_field_errors() == [EVENT_CHANGED]
    assert (event.status, event.venue) == (EventStatus.PUBLISHED, "Aula Kayuh Baimbai")


def test_event_page_is_refused_after_a_place_was_changed_elsewhere():
    event = EventFactory()
    place = RankingFactory(event=event, channel=Channel.objects.get(code="website"), position=1)
    editor, other = _member_client("sekretaris"), _member_client("anggota")
    form = _opened_event_form(editor, event, venue="Balai Kota")
    place_url = reverse("admin:awards_ranking_change", args=[place.pk])
    place_page = other.get(place_url)
    other.post(
        place_url,
        {
            "event": event.pk,
            "channel": place.channel_id,
            "office": place.office_id,
            "position": "2",
            "score": "",
            "citation": "",
            "version": place_page.context["adminform"].form["version"].value(),
        },
    )

    refused = editor.post(reverse("admin:awards_evaluationevent_change", args=[event.pk]), form)

    place.refresh_from_db()
    assert place.position == 2
    assert refused.context["adminform"].form.non_field_errors() == [EVENT_CHANGED]


def test_second_of_two_place_saves_is_refused():
    place = RankingFactory(office=OfficeFactory(name="Dinas Kesehatan"), citation="")
    first, second = _member_client("sekretaris"), _member_client("anggota")
    url = reverse("admin:awards_ranking_change", args=[place.pk])

    def opened(client, citation):
        version = client.get(url).context["adminform"].form["version"].value()
        return {
            "event": place.event_id,
            "channel": place.channel_id,
            "office": place.office_id,
            "position": "1",
            "score": "",
            "citation": citation,
            "version": version,
        }

    first_form, second_form = opened(first, "Konten informatif"), opened(second, "Terbaik")

    saved = first.post(url, first_form)
    refused = second.post(url, second_form)

    place.refresh_from_db()
    assert saved.status_code == 302
    assert refused.context["adminform"].form.non_field_errors() == [
        "This place was changed by someone else since you opened it; reload the page to see their "
        "changes. Nothing was saved."
    ]
    assert place.citation == "Konten informatif"
