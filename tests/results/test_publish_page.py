"""The committee's publish page and the event's page around publishing (issue 22): nothing to
publish says so with no button, a draft may be published as provisional from its page, and a
published event's page links the certificates of the published version."""

import pytest
from django.urls import reverse

from results.models import VersionPlace
from results.services import event_publish
from tests.factories import EventFactory, RankingFactory
from tests.helpers import correct_a_citation, event_form

pytestmark = pytest.mark.django_db


def test_the_publish_page_says_there_is_nothing_to_publish_and_offers_no_button(committee_client):
    event = EventFactory()
    RankingFactory(event=event, position=1)
    event_publish(event=event)
    url = reverse("admin:awards_evaluationevent_publish", args=[event.pk])

    unchanged = committee_client.get(url).content.decode()
    correct_a_citation(event, "Catatan juri dilengkapi")
    changed = committee_client.get(url).content.decode()

    assert "Tidak ada yang berubah sejak versi 1" in unchanged
    assert 'type="submit"' not in unchanged.split('id="content-main"')[1]
    assert "Tidak ada yang berubah" not in changed
    assert 'type="submit" class="default"' in changed


def test_a_draft_is_published_as_provisional_from_its_page(committee_client):
    event = EventFactory()
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
    publish_url = reverse("admin:awards_evaluationevent_publish", args=[event.pk])
    data = event_form([], title=event.title, slug=event.slug)
    data.pop("_save")
    data["_publish_provisional"] = "Simpan dan umumkan sementara (masa sanggah)…"

    response = committee_client.post(url, data)
    page = committee_client.get(response.url)

    assert (response.status_code, response.url) == (302, f"{publish_url}?kind=provisional")
    assert page.context["form"]["kind"].value() == "provisional"
    assert event.versions.count() == 0


def test_a_published_events_page_links_the_published_versions_certificates(committee_client):
    event = EventFactory()
    ranking = RankingFactory(event=event, position=1)
    event_publish(event=event)
    place = VersionPlace.objects.get(version__event=event)
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])

    page = committee_client.get(url).content.decode()

    certificate = reverse("results:place-certificate", kwargs={"pk": place.pk, "fmt": "pdf"})
    assert "Sertifikat versi yang diumumkan" in page
    label = f"{place.title}, {ranking.category.title}: {ranking.office.display_name} (PDF)"
    assert f'<a href="{certificate}">{label}</a>' in page
    assert committee_client.get(certificate)["Content-Type"] == "application/pdf"
