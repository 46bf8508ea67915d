"""The lock on finalised places is awards' own (issue 20, point 7): while it stands, every service
that adds, changes, moves or removes a place of the award, or changes its categories, refuses
with one message, and every admin path shows that refusal (no 500). Judging sets and lifts it
(tests/judging/test_places_lock.py runs the same through a real finalising)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from awards.models import Award, Category, EvaluationEvent, PlacesLock, PlacesLockRecord, Ranking
from awards.services import (
    PlacesLocked,
    award_delete,
    award_places_lock,
    award_places_unlock,
    award_save,
    category_delete,
    category_save,
    event_places_save,
    ranking_delete,
    ranking_save,
    rankings_import_save,
)
from offices.models import OfficeKind
from tests.factories import AwardFactory, CategoryFactory, EventFactory, OfficeFactory, RankingFactory, kind
from tests.helpers import award_form, award_url

pytestmark = pytest.mark.django_db

LOCKED = (
    "Peringkat “Terbaik Pengelolaan Website” sudah ditetapkan dari penjurian pada {when} dan "
    "tidak dapat diubah lagi. Untuk mengubahnya, buka kembali peringkat sementara di halaman "
    "panitia penjurian dengan menyebutkan alasannya."
)


def everything() -> list[tuple]:
    """Every place, category and award as stored: what a refused write must leave as it was."""
    return [
        list(
            Ranking.objects.order_by("pk").values_list(
                "pk",
                "award_id",
                "category_id",
                "office_id",
                "level",
                "position",
                "is_shared",
                "score",
                "citation",
            )
        ),
        list(Category.objects.order_by("pk").values_list("pk", "award_id", "title", "places", "mentions")),
        sorted(Category.kinds.through.objects.values_list("category_id", "officekind_id")),
        list(Award.objects.order_by("pk").values_list("pk", "event_id", "title")),
    ]


@pytest.fixture
def locked(committee_member):
    """An event with a judged award (locked, as finalising leaves it) and a hand-entered one."""
    event = EventFactory(title="Evaluasi Smart City Kota Banjarmasin 2021")
    judged = AwardFactory(event=event, title="Terbaik Pengelolaan Website", order=1)
    hand = AwardFactory(event=event, title="Anugerah Keterbukaan Informasi", order=2)
    judged_skpd = CategoryFactory(award=judged, title="SKPD", kinds=[OfficeKind.SKPD])
    hand_skpd = CategoryFactory(award=hand, title="SKPD", kinds=[OfficeKind.SKPD])
    offices = [
        OfficeFactory(name=name) for name in ("Diskominfotik", "Dinas Kesehatan", "Disdukcapil", "Bappeda")
    ]
    places = [
        RankingFactory(category=judged_skpd, office=office, position=n, score=Decimal(score))
        for n, (office, score) in enumerate(zip(offices[:3], (88, 75, 62), strict=True), start=1)
    ]
    hand_place = RankingFactory(category=hand_skpd, office=offices[3], position=1)
    award_places_lock(awards=[judged], by=committee_member)
    when = date_format(timezone.localtime(PlacesLock.objects.get().locked_at), "j F Y H.i T")
    return {
        "event": event,
        "judged": judged,
        "hand": hand,
        "judged_skpd": judged_skpd,
        "hand_skpd": hand_skpd,
        "offices": offices,
        "places": places,
        "hand_place": hand_place,
        "message": LOCKED.format(when=when),
    }


def refused(locked, write) -> None:
    before = everything()

    with pytest.raises(PlacesLocked) as error:
        write()

    assert error.value.messages == [locked["message"]]
    assert everything() == before


# --- the services -------------------------------------------------------------------------------


def test_ranking_save_refuses_a_changed_score(locked):
    place = Ranking.objects.get(pk=locked["places"][2].pk)
    place.score = Decimal(99)

    refused(locked, lambda: ranking_save(ranking=place))


def test_ranking_save_refuses_a_new_place_in_a_locked_award(locked):
    new = Ranking(
        category=locked["judged_skpd"], office=OfficeFactory(name="Dinas Sosial"), position=3, is_shared=True
    )

    refused(locked, lambda: ranking_save(ranking=new))


def test_ranking_save_refuses_moving_a_place_out_of_a_locked_award(locked):
    place = Ranking.objects.get(pk=locked["places"][2].pk)
    place.category = locked["hand_skpd"]
    place.position = 2

    refused(locked, lambda: ranking_save(ranking=place))


def test_ranking_save_refuses_moving_a_place_into_a_locked_award(locked):
    place = Ranking.objects.get(pk=locked["hand_place"].pk)
    place.category = locked["judged_skpd"]
    place.is_shared = True

    refused(locked, lambda: ranking_save(ranking=place))


def test_event_places_save_refuses_a_swap_and_a_delete(locked):
    second, third = (Ranking.objects.get(pk=p.pk) for p in locked["places"][1:])
    second.position, third.position = 3, 2

    refused(locked, lambda: event_places_save(event=locked["event"], changed=[second, third]))
    refused(locked, lambda: event_places_save(event=locked["event"], changed=[], deleted=[third]))


def test_import_save_refuses_a_new_place_in_a_locked_award(locked):
    new = Ranking(
        category=locked["judged_skpd"], office=OfficeFactory(name="Dinas Sosial"), position=3, is_shared=True
    )

    refused(locked, lambda: rankings_import_save(new=[new]))


def test_deletes_are_refused(locked):
    refused(locked, lambda: ranking_delete(ranking=locked["places"][0]))
    refused(locked, lambda: category_delete(category=locked["judged_skpd"]))
    refused(locked, lambda: award_delete(award=locked["judged"]))


def test_category_save_refuses_changes_to_a_locked_award(locked):
    fewer = Category.objects.get(pk=locked["judged_skpd"].pk)
    fewer.places = 5
    moved = Category.objects.get(pk=locked["judged_skpd"].pk)
    moved.award = locked["hand"]
    moved.title = "SKPD lama"
    added = Category(award=locked["judged"], title="Kelurahan", places=3)

    refused(locked, lambda: category_save(category=fewer))
    refused(
        locked,
        lambda: category_save(category=Category.objects.get(pk=fewer.pk), kinds=[kind(OfficeKind.KELURAHAN)]),
    )
    refused(locked, lambda: category_save(category=moved))
    refused(locked, lambda: category_save(category=added))


def test_award_save_refuses_moving_a_locked_award_to_another_event(locked):
    award = Award.objects.get(pk=locked["judged"].pk)
    award.event = EventFactory()

    refused(locked, lambda: award_save(award=award))


def test_award_save_keeps_a_locked_award_renamable(locked):
    award = Award.objects.get(pk=locked["judged"].pk)
    award.title = "Terbaik Pengelolaan Website Pemerintah"

    award_save(award=award)

    assert Award.objects.get(pk=award.pk).title == "Terbaik Pengelolaan Website Pemerintah"
    assert PlacesLock.objects.get().award_id == award.pk


def test_hand_entered_award_of_the_same_event_stays_editable(locked):
    place = Ranking.objects.get(pk=locked["hand_place"].pk)
    place.score = Decimal(99)

    ranking_save(ranking=place)
    ranking_delete(ranking=place)

    assert list(Ranking.objects.filter(award=locked["hand"])) == []


def test_unlock_needs_a_reason_and_records_who_when_why(locked, committee_member):
    with pytest.raises(ValidationError) as no_reason:
        award_places_unlock(awards=[locked["judged"]], by=committee_member, reason=" ")

    records = award_places_unlock(awards=[locked["judged"]], by=committee_member, reason="Skor salah ketik.")
    place = Ranking.objects.get(pk=locked["places"][2].pk)
    place.score = Decimal(99)
    ranking_save(ranking=place)

    assert no_reason.value.message_dict == {
        "reason": ["Sebutkan alasan peringkat yang sudah ditetapkan dibuka kembali: alasannya dicatat."]
    }
    assert PlacesLock.objects.count() == 0
    assert [(r.award_id, r.action, r.by_id, r.by_name, r.reason) for r in records] == [
        (locked["judged"].pk, "lifted", committee_member.pk, "sekretaris", "Skor salah ketik.")
    ]
    assert list(PlacesLockRecord.objects.order_by("at", "pk").values_list("action", flat=True)) == [
        "locked",
        "lifted",
    ]
    assert Ranking.objects.get(pk=place.pk).score == Decimal("99.00")


def test_database_refuses_a_lift_without_a_reason(locked):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacesLockRecord.objects.create(
            award=locked["judged"],
            event=locked["event"],
            award_title="x",
            action="lifted",
            at=timezone.now(),
            reason="",
        )


def test_database_keeps_a_locked_award_and_its_event(locked):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        EvaluationEvent.objects.get(pk=locked["event"].pk).delete()

    assert Ranking.objects.filter(award=locked["judged"]).count() == 3


# --- the admin ------------------------------------------------------------------------------------


def test_place_delete_page_refuses_with_the_message(committee_client, locked):
    place = locked["places"][0]
    before = everything()

    response = committee_client.post(
        reverse("admin:awards_ranking_delete", args=[place.pk]), {"post": "yes"}, follow=True
    )

    assert response.redirect_chain == [(reverse("admin:awards_ranking_change", args=[place.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [locked["message"]]
    assert everything() == before


def test_bulk_delete_of_places_refuses_all_of_them(committee_client, locked):
    before = everything()
    url = reverse("admin:awards_ranking_changelist")

    response = committee_client.post(
        url,
        {
            "action": "delete_selected",
            "_selected_action": [locked["hand_place"].pk, locked["places"][1].pk],
            "post": "yes",
        },
        follow=True,
    )

    assert response.redirect_chain == [(url, 302)]
    assert [str(m) for m in response.context["messages"]] == [locked["message"]]
    assert everything() == before


def test_award_page_refuses_a_changed_category_and_keeps_the_input(committee_client, locked):
    award = locked["judged"]
    before = everything()
    data = award_form(award, **{"categories-0-places": "5"})

    response = committee_client.post(award_url(award), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [locked["message"]]
    assert response.context["inline_admin_formsets"][0].formset.forms[0]["places"].value() == "5"
    assert everything() == before


def test_award_page_shows_the_lock(committee_client, locked):
    response = committee_client.get(award_url(locked["judged"]))
    hand = committee_client.get(award_url(locked["hand"]))

    assert locked["message"] in response.content.decode()
    assert "Tidak dikunci: peringkat diisi di sini." in hand.content.decode()


def test_award_delete_page_names_the_lock_and_deletes_nothing(committee_client, locked):
    # The lock is the award's protected row (PROTECT), so Django's own page says why.
    award = locked["judged"]
    before = everything()

    response = committee_client.post(reverse("admin:awards_award_delete", args=[award.pk]), {"post": "yes"})

    assert response.status_code == 200
    assert response.context["protected"] == [
        "Kunci peringkat yang sudah ditetapkan: Terbaik Pengelolaan Website"
    ]
    assert everything() == before


def test_award_page_refuses_deleting_a_category_of_a_locked_award(committee_client, locked):
    award = locked["judged"]
    before = everything()
    data = award_form(award, **{"categories-0-DELETE": "on"})

    response = committee_client.post(award_url(award), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [locked["message"]]
    assert everything() == before


def test_event_page_refuses_deleting_a_locked_award(committee_client, locked):
    event = locked["event"]
    url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
    before = everything()
    page = committee_client.get(url)
    data = {**page.context["adminform"].form.initial}
    formsets = page.context["inline_admin_formsets"]
    for inline in formsets:
        formset = inline.formset
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for n, form in enumerate(formset.forms):
            for name in form.fields:
                value = form[name].value()
                if value is not None:
                    data[f"{formset.prefix}-{n}-{name}"] = value
    awards_prefix = next(i.formset.prefix for i in formsets if i.formset.model is Award)
    judged_row = next(
        n
        for n, f in enumerate(next(i.formset for i in formsets if i.formset.model is Award).forms)
        if f.instance.pk == locked["judged"].pk
    )
    data[f"{awards_prefix}-{judged_row}-DELETE"] = "on"
    # An empty picture field (the certificate's background) is posted as no file, as a browser does.
    data = {k: v for k, v in data.items() if not isinstance(v, FieldFile)}
    data = {k: ("" if v is None else v) for k, v in data.items()}

    response = committee_client.post(url, data)
    shown = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is Award)

    # The lock is the award's protected row: the admin's own check names it on the table.
    assert response.status_code == 200
    assert shown.non_form_errors() == [
        "Menghapus penghargaan Terbaik Pengelolaan Website memerlukan penghapusanobjek terlindungi yang "
        "terkait sebagai berikut: kunci peringkat yang sudah ditetapkan Terbaik Pengelolaan Website"
    ]
    assert everything() == before


def test_event_delete_page_names_the_lock_and_deletes_nothing(admin_client, locked):
    before = everything()

    response = admin_client.post(
        reverse("admin:awards_evaluationevent_delete", args=[locked["event"].pk]), {"post": "yes"}
    )

    assert response.status_code == 200
    assert response.context["protected"] == [
        "Kunci peringkat yang sudah ditetapkan: Terbaik Pengelolaan Website"
    ]
    assert everything() == before
