"""Two committee members with the same page open: the second save is refused with a clear message."""

import pytest
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse

from awards.models import Award, EventStatus, Ranking, RankingLevel
from results.services import event_publish
from tests.factories import (
    AwardFactory,
    CategoryFactory,
    EventFactory,
    OfficeFactory,
    RankingFactory,
    make_committee_member,
)
from tests.helpers import award_form, award_url, event_form

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
    data = event_form([], title=event.title, slug=event.slug, city=event.city, version=version)
    data.update(overrides)
    return data


def _place_form(client, place, **overrides):
    url = reverse("admin:awards_ranking_change", args=[place.pk])
    version = client.get(url).context["adminform"].form["version"].value()
    data = {
        "category": place.category_id,
        "office": place.office_id,
        "level": place.level,
        "position": place.position,
        "score": "",
        "citation": place.citation,
        "version": version,
    }
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
    place = RankingFactory(event=event, position=1)
    editor, other = _member_client("sekretaris"), _member_client("anggota")
    form = _opened_event_form(editor, event, venue="Balai Kota")
    other.post(
        reverse("admin:awards_ranking_change", args=[place.pk]), _place_form(other, place, position="2")
    )

    refused = editor.post(reverse("admin:awards_evaluationevent_change", args=[event.pk]), form)

    place.refresh_from_db()
    assert place.position == 2
    assert refused.context["adminform"].form.non_field_errors() == [EVENT_CHANGED]


def test_second_of_two_place_saves_is_refused():
    place = RankingFactory(office=OfficeFactory(name="Dinas Kesehatan"), citation="")
    first, second = _member_client("sekretaris"), _member_client("anggota")
    url = reverse("admin:awards_ranking_change", args=[place.pk])
    first_form = _place_form(first, place, citation="Konten informatif")
    second_form = _place_form(second, place, citation="Terbaik")

    saved = first.post(url, first_form)
    refused = second.post(url, second_form)

    place.refresh_from_db()
    assert saved.status_code == 302
    assert refused.context["adminform"].form.non_field_errors() == [
        "This place was changed by someone else since you opened it; reload the page to see their "
        "changes. Nothing was saved."
    ]
    assert place.citation == "Konten informatif"


def test_award_page_clash_with_a_save_made_meanwhile_saves_nothing():
    award = AwardFactory(title="Anugerah Keterbukaan Informasi Publik", channel=None)
    opd = CategoryFactory(award=award, title="OPD", kinds=["skpd"], places=2)
    diskominfo = OfficeFactory(name="Dinas Komunikasi dan Informatika")
    editor = _member_client("sekretaris")

    def another_member_saves_first(**kwargs):
        # After the form's check, as the award is saved, someone else gives the office a place here.
        pre_save.disconnect(another_member_saves_first, sender=Award)
        Ranking.objects.create(category=opd, office=diskominfo, position=2)

    pre_save.connect(another_member_saves_first, sender=Award, weak=False)
    data = award_form(award, [(opd, diskominfo, RankingLevel.PLACE, 1, False)], title="Judul Baru")

    try:
        response = editor.post(award_url(award), data)
    finally:
        pre_save.disconnect(another_member_saves_first, sender=Award)

    award.refresh_from_db()
    assert award.title == "Anugerah Keterbukaan Informasi Publik"
    assert not Ranking.objects.exists()
    # The page comes back with what was typed, and why nothing was saved.
    form = response.context["adminform"].form
    places = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "rankings")
    assert response.status_code == 200
    assert form["title"].value() == "Judul Baru"
    assert [(row["office"].value(), row["position"].value()) for row in places.formset.forms] == [
        (str(diskominfo.pk), "1")
    ]
    assert form.non_field_errors() == [
        "The places could not be saved because they clash with each other or with a change saved at "
        "the same time. Nothing was saved; reload the page and try again."
    ]
