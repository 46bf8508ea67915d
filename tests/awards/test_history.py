"""Every change to offices, events and places is recorded with who, when, before and after."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards.models import EvaluationEvent, EventStatus, Ranking
from awards.services import event_places_save, ranking_save
from common.history import history_bulk_create, history_bulk_update, history_delta
from offices.models import Channel, Office, OfficeKind
from results.services import event_publish, event_withdraw
from tests.factories import EventFactory, OfficeFactory, RankingFactory, kind
from tests.helpers import login_verified

pytestmark = pytest.mark.django_db


def _changes(record) -> dict[str, tuple]:
    delta = history_delta(record, record.prev_record)
    return {change.field: (change.old, change.new) for change in delta.changes}


def test_office_change_in_admin_is_recorded_with_member_and_values(committee_client, committee_member):
    office = OfficeFactory(name="Dinas Kesehatan", short_name="")
    url = reverse("admin:offices_office_change", args=[office.pk])

    committee_client.post(
        url,
        {
            "name": "Dinas Kesehatan",
            "short_name": "Dinkes",
            "kind": "skpd",
            "slug": office.slug,
            "is_active": "on",
            "former_names-TOTAL_FORMS": "0",
            "former_names-INITIAL_FORMS": "0",
            "accounts-TOTAL_FORMS": "0",
            "accounts-INITIAL_FORMS": "0",
        },
    )

    latest = office.history.first()
    assert (latest.history_type, latest.history_user) == ("~", committee_member)
    assert _changes(latest) == {"short_name": ("", "Dinkes")}


def test_history_page_shows_before_and_after_to_the_committee(committee_client, committee_member):
    office = OfficeFactory(name="Dinas Kesehatan", short_name="")
    office.short_name = "Dinkes"
    office._history_user = committee_member
    office.save()

    response = committee_client.get(
        reverse("admin:offices_office_history", args=[office.pk]), headers={"Accept-Language": "en"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "sekretaris" in body
    assert "<strong>Short name:</strong>" in body
    assert "&nbsp;&rarr;&nbsp;&nbsp;Dinkes" in body


def test_history_author_links_to_the_user_page_only_for_who_may_open_it(
    committee_client, committee_member, admin_user
):
    office = OfficeFactory(name="Dinas Kesehatan", short_name="")
    office.short_name = "Dinkes"
    office._history_user = committee_member
    office.save()
    url = reverse("admin:offices_office_history", args=[office.pk])
    user_page = reverse("admin:auth_user_change", args=[committee_member.pk])
    admin_client = Client()
    login_verified(admin_client, admin_user)

    committee_page = committee_client.get(url).content.decode()
    admin_page = admin_client.get(url).content.decode()

    assert "sekretaris" in committee_page
    assert user_page not in committee_page
    assert committee_client.get(user_page).status_code == 403
    assert f'<a href="{user_page}">sekretaris</a>' in admin_page


def test_reverting_from_history_is_refused(committee_client):
    office = OfficeFactory(name="Dinas Kesehatan")
    record = office.history.first()
    url = reverse("admin:offices_office_simple_history", args=[office.pk, record.pk])

    page = committee_client.get(url)
    post = committee_client.post(url, {"name": "Dinas Lain", "kind": "skpd", "slug": "dinas-lain"})

    office.refresh_from_db()
    assert (page.status_code, post.status_code) == (200, 403)
    assert office.name == "Dinas Kesehatan"


def test_position_swap_records_final_values_of_both_places(committee_member):
    event = EventFactory()
    website = Channel.objects.get(code="website")
    first = RankingFactory(event=event, channel=website, position=1)
    second = RankingFactory(event=event, channel=website, position=2)
    first.position, second.position = 2, 1

    event_places_save(event=event, changed=[first, second], by=committee_member)

    records = [r.history.first() for r in (first, second)]
    assert [(r.history_type, r.history_user, r.position, r.is_shared) for r in records] == [
        ("~", committee_member, 2, False),
        ("~", committee_member, 1, False),
    ]
    assert [_changes(r)["position"] for r in records] == [(1, 2), (2, 1)]
    assert ["is_shared" in _changes(r) for r in records] == [False, False]


def test_deleted_place_is_recorded(committee_member):
    event = EventFactory()
    place = RankingFactory(event=event)
    place_id = place.pk

    event_places_save(event=event, changed=[], deleted=[place], by=committee_member)

    record = Ranking.history.filter(id=place_id).first()
    assert (record.history_type, record.history_user, record.position) == ("-", committee_member, 1)


def test_publish_and_unpublish_are_recorded_with_the_acting_member(committee_member):
    event = EventFactory()

    event_publish(event=event, by=committee_member)
    event_withdraw(event=event, by=committee_member, reason="Uji: ditarik")
    event_publish(event=event, by=committee_member, reason="Uji: diumumkan lagi")

    records = list(EvaluationEvent.history.filter(id=event.pk).order_by("history_id"))
    assert [(r.history_type, r.status, r.history_user) for r in records] == [
        ("+", EventStatus.DRAFT, None),
        ("~", EventStatus.PUBLISHED, committee_member),
        ("~", EventStatus.WITHDRAWN, committee_member),
        ("~", EventStatus.PUBLISHED, committee_member),
    ]
    # The versions are the record of what the public saw, with who published them.
    assert list(
        event.versions.order_by("number").values_list("number", "published_by", "withdrawn_reason")
    ) == [
        (1, committee_member.pk, "Uji: ditarik"),
        (2, committee_member.pk, ""),
    ]


def test_publish_action_in_admin_records_the_member(committee_client, committee_member):
    event = EventFactory()

    committee_client.post(
        reverse("admin:awards_evaluationevent_changelist"),
        {"action": "publish", "_selected_action": [event.pk]},
    )

    latest = event.history.first()
    assert (latest.status, latest.history_user) == (EventStatus.PUBLISHED, committee_member)


def test_correcting_office_kind_is_recorded_in_the_offices_history(committee_member):
    office = OfficeFactory(name="Pelambuan", kind=OfficeKind.SKPD)
    office.kind = kind(OfficeKind.KELURAHAN)
    office._history_user = committee_member

    office.save()

    latest = office.history.first()
    assert (latest.kind_id, latest.history_user) == (OfficeKind.KELURAHAN, committee_member)
    assert _changes(latest)["kind"] == (OfficeKind.SKPD, OfficeKind.KELURAHAN)


def test_single_place_save_records_member(committee_member):
    place = RankingFactory(position=1, citation="")
    place.citation = "Konten informatif"

    ranking_save(ranking=place, by=committee_member)

    latest = place.history.first()
    assert (latest.history_user, latest.citation) == (committee_member, "Konten informatif")


def test_bulk_helpers_write_one_record_per_row(committee_member):
    offices = [
        Office(name=f"Dinas Uji {n}", kind_id=OfficeKind.SKPD, slug=f"dinas-uji-{n}") for n in range(3)
    ]

    history_bulk_create(model=Office, objs=offices, by=committee_member, reason="import offices.xlsx")
    saved = list(Office.objects.filter(slug__startswith="dinas-uji-").order_by("slug"))
    for office in saved:
        office.short_name = "DU"
    history_bulk_update(model=Office, objs=saved, fields=["short_name"], by=committee_member)

    records = Office.history.filter(slug__startswith="dinas-uji-").order_by("history_id")
    assert [
        (r.history_type, r.slug, r.short_name, r.history_user, r.history_change_reason) for r in records
    ] == [
        ("+", "dinas-uji-0", "", committee_member, "import offices.xlsx"),
        ("+", "dinas-uji-1", "", committee_member, "import offices.xlsx"),
        ("+", "dinas-uji-2", "", committee_member, "import offices.xlsx"),
        ("~", "dinas-uji-0", "DU", committee_member, None),
        ("~", "dinas-uji-1", "DU", committee_member, None),
        ("~", "dinas-uji-2", "DU", committee_member, None),
    ]
    assert all(o.updated_at > o.created_at for o in Office.objects.filter(slug__startswith="dinas-uji-"))


def test_event_page_shows_when_results_last_changed(client, committee_member):
    event = EventFactory()
    place = RankingFactory(event=event)
    event_publish(event=event, by=committee_member)
    before = client.get(event.get_absolute_url()).context["last_changed"]
    place.citation = "Diperbarui"

    ranking_save(ranking=place, by=committee_member)
    unpublished = client.get(event.get_absolute_url()).context["last_changed"]
    version = event_publish(event=event, by=committee_member, reason="Kutipan diperbarui")
    response = client.get(event.get_absolute_url())

    # The public page says when its version was published: an edit alone changes nothing.
    assert unpublished == before
    assert response.context["last_changed"] == version.published_at
    assert response.context["last_changed"] > before


def test_signatory_added_on_event_page_is_recorded_with_member(committee_client, committee_member):
    from awards.models import Signatory
    from tests.helpers import event_form

    data = event_form([])
    data.update(
        {
            "signatories-TOTAL_FORMS": "1",
            "signatories-0-order": "1",
            "signatories-0-name": "H. Ibnu Sina",
            "signatories-0-title": "Walikota Banjarmasin",
        }
    )

    committee_client.post(reverse("admin:awards_evaluationevent_add"), data)

    records = list(Signatory.history.all())
    assert [(r.history_type, r.name, r.history_user) for r in records] == [
        ("+", "H. Ibnu Sina", committee_member)
    ]
    assert [(r.history_type, r.title, r.history_user) for r in EvaluationEvent.history.all()] == [
        ("+", "Anugerah Keterbukaan Informasi Publik 2023", committee_member)
    ]


def _event_history_in_indonesian(client, event) -> str:
    response = client.get(
        reverse("admin:awards_evaluationevent_history", args=[event.pk]), headers={"Accept-Language": "id"}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_history_page_in_indonesian_has_indonesian_headings(committee_client):
    event = EventFactory()

    body = _event_history_in_indonesian(committee_client, event)

    assert '<th scope="col">Perubahan</th>' in body
    assert '<th scope="col">Changes</th>' not in body


def test_history_page_shows_choice_labels_and_local_time(committee_client, committee_member):
    event = EventFactory()
    event.status = EventStatus.PUBLISHED
    event.published_at = datetime(2026, 11, 26, 22, 51, 21, 962150, tzinfo=UTC)
    event._history_user = committee_member
    event.save()
    with translation.override("id"):
        draft, published = str(EventStatus.DRAFT.label), str(EventStatus.PUBLISHED.label)

    body = _event_history_in_indonesian(committee_client, event)

    assert (draft, published) == ("Draf", "Diumumkan")
    assert f"<strong>Status:</strong> {draft}&nbsp;&rarr;&nbsp;&nbsp;{published}</li>" in body
    # 22:51 UTC is 06:51 the next day in Asia/Makassar, written as the Indonesian admin writes times.
    assert "—&nbsp;&rarr;&nbsp;&nbsp;27 Nov. 2026, 6.51</li>" in body
    assert "22:51" not in body
    assert "962150" not in body


def test_history_page_shows_no_none_for_missing_author_and_reason(committee_client):
    event = EventFactory()

    body = _event_history_in_indonesian(committee_client, event)

    assert "None" not in body
    assert "Tidak ada" not in body
    assert body.count("<td>—</td>") == 2
