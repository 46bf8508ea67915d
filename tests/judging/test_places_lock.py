"""Finalised places are final (issue 20, point 7): once the committee finalises a judged
leaderboard, no page, import or service changes its places until the committee reopens them
with a reason. The cases the red team used: the place change form setting a score from 62 to 99,
the places import swapping 2nd and 3rd, the award's places table deleting a place."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from awards.models import PlacesLock, PlacesLockRecord, Ranking
from awards.services import PlacesLocked, ranking_save
from judging.models import Judging
from judging.services import leaderboard_finalise, leaderboard_reopen
from offices.models import OfficeKind
from tests.factories import AwardFactory, CategoryFactory, OfficeFactory, RankingFactory
from tests.helpers import award_form, award_url, enter_all
from tests.spreadsheets import csv_bytes, result_errors, upload

pytestmark = pytest.mark.django_db

AWARD = "Terbaik Pengelolaan Instagram"
LOCKED = (
    "Peringkat “Terbaik Pengelolaan Instagram” sudah ditetapkan dari penjurian pada {when} dan "
    "tidak dapat diubah lagi. Untuk mengubahnya, buka kembali peringkat sementara di halaman "
    "panitia penjurian dengan menyebutkan alasannya."
)


def locked_message(award) -> str:
    at = PlacesLock.objects.get(award=award).locked_at
    return LOCKED.format(when=date_format(timezone.localtime(at), "j F Y H.i T"))


def places(event) -> list[tuple]:
    """Every place of the event as stored, in a fixed order."""
    return list(
        Ranking.objects.filter(award__event=event)
        .order_by("award__order", "award_id", "category_id", "level", "position", "office__name")
        .values_list(
            "award__title", "category__title", "office__name", "level", "position", "is_shared", "score"
        )
    )


@pytest.fixture
def finalised(judged_event, committee_member):
    """The judged event finalised by a committee member, with a hand-entered award beside it."""
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    hand = AwardFactory(event=judged_event["event"], title="Anugerah Keterbukaan Informasi", order=99)
    hand_category = CategoryFactory(award=hand, title="SKPD", kinds=[OfficeKind.SKPD])
    hand_place = RankingFactory(
        category=hand_category, office=OfficeFactory(name="Dinas Kesehatan"), position=1, score=Decimal(62)
    )
    leaderboard_finalise(event=judged_event["event"], by=committee_member)
    return {**judged_event, "hand_place": hand_place}


def test_finalising_locks_the_judged_award_only_and_records_who(finalised, committee_member):
    records = list(PlacesLockRecord.objects.values_list("award_title", "action", "by", "by_name", "reason"))

    assert list(PlacesLock.objects.values_list("award__title", "locked_by", "locked_by_name")) == [
        (AWARD, committee_member.pk, "sekretaris")
    ]
    assert records == [(AWARD, "locked", committee_member.pk, "sekretaris", "")]


def test_the_finalised_places(finalised):
    assert places(finalised["event"]) == [
        (AWARD, "Kelurahan", "Belitung Utara", 1, 1, False, Decimal("82.00")),
        (AWARD, "Kelurahan", "Banua Anyar", 1, 2, False, Decimal("74.00")),
        (AWARD, "Kelurahan", "Sungai Lulut", 1, 3, False, Decimal("36.00")),
        ("Anugerah Keterbukaan Informasi", "SKPD", "Dinas Kesehatan", 1, 1, False, Decimal("62.00")),
    ]


def test_place_change_form_refuses_a_new_score(committee_client, finalised):
    place = Ranking.objects.get(award=finalised["award"], position=2)
    before = places(finalised["event"])
    url = reverse("admin:awards_ranking_change", args=[place.pk])
    version = committee_client.get(url).context["adminform"].form["version"].value()

    response = committee_client.post(
        url,
        {
            "category": place.category_id,
            "office": place.office_id,
            "level": place.level,
            "position": place.position,
            "score": "99",
            "citation": "",
            "version": version,
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [locked_message(finalised["award"])]
    assert response.context["adminform"].form["score"].value() == "99"
    assert places(finalised["event"]) == before


def test_places_import_refuses_swapping_second_and_third(committee_client, finalised):
    event = finalised["event"]
    before = places(event)
    rows = [
        ["Event", "Award", "Category", "Position", "Office name"],
        [event.title, AWARD, "Kelurahan", "3", "Banua Anyar"],
        [event.title, AWARD, "Kelurahan", "2", "Sungai Lulut"],
    ]

    preview = upload(committee_client, "awards_ranking", "tukar.csv", csv_bytes(rows))

    message = locked_message(finalised["award"])
    assert result_errors(preview) == [
        f"Baris 2, kolom “Penghargaan”: {message}",
        f"Baris 3, kolom “Penghargaan”: {message}",
    ]
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert places(event) == before


def test_award_page_refuses_deleting_a_place(committee_client, finalised):
    award = finalised["award"]
    before = places(finalised["event"])
    saved = [
        (r.pk, r.category, r.office, r.level, r.position, r.is_shared)
        for r in Ranking.objects.filter(award=award).order_by("position")
    ]
    data = award_form(award, saved, **{"rankings-2-DELETE": "on"})

    response = committee_client.post(award_url(award), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [locked_message(award)]
    assert places(finalised["event"]) == before


def test_hand_entered_award_of_the_same_event_stays_editable(committee_client, finalised):
    place = finalised["hand_place"]
    url = reverse("admin:awards_ranking_change", args=[place.pk])
    version = committee_client.get(url).context["adminform"].form["version"].value()

    response = committee_client.post(
        url,
        {
            "category": place.category_id,
            "office": place.office_id,
            "level": place.level,
            "position": place.position,
            "score": "99",
            "citation": "",
            "version": version,
        },
    )

    place.refresh_from_db()
    assert response.status_code == 302
    assert place.score == Decimal("99.00")


def test_reopen_without_a_reason_is_refused(committee_client, finalised):
    url = reverse("judging:reopen", kwargs={"slug": finalised["event"].slug})

    response = committee_client.post(url, {"reason": "  "}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Sebutkan alasan peringkat yang sudah ditetapkan dibuka kembali: alasannya dicatat."
    ]
    assert list(PlacesLock.objects.values_list("award__title", flat=True)) == [AWARD]
    assert Judging.objects.get(event=finalised["event"]).is_finalised
    with pytest.raises(ValidationError) as refused:
        leaderboard_reopen(event=finalised["event"], reason="")
    assert refused.value.message_dict == {
        "reason": ["Sebutkan alasan peringkat yang sudah ditetapkan dibuka kembali: alasannya dicatat."]
    }


def test_reopen_with_a_reason_records_it_and_the_places_are_editable_again(
    committee_client, committee_member, finalised
):
    url = reverse("judging:reopen", kwargs={"slug": finalised["event"].slug})
    reason = "Nilai juri B untuk Banua Anyar salah ketik (90, seharusnya 60)."

    response = committee_client.post(url, {"reason": reason})
    place = Ranking.objects.get(award=finalised["award"], position=2)
    place.score = Decimal(99)
    ranking_save(ranking=place)

    judging = Judging.objects.get(event=finalised["event"])
    lifted = PlacesLockRecord.objects.get(action="lifted")
    assert response.status_code == 302
    assert PlacesLock.objects.count() == 0
    assert (lifted.award_title, lifted.by_id, lifted.by_name, lifted.reason) == (
        AWARD,
        committee_member.pk,
        "sekretaris",
        reason,
    )
    assert (judging.finalised_at, judging.breakdown) == (None, [])
    assert Ranking.objects.get(pk=place.pk).score == Decimal("99.00")


def test_reopened_places_can_be_finalised_again_and_locked_again(finalised, committee_member):
    leaderboard_reopen(event=finalised["event"], by=committee_member, reason="Skor diperiksa ulang.")

    leaderboard_finalise(event=finalised["event"], by=committee_member)

    assert list(PlacesLockRecord.objects.order_by("at", "pk").values_list("action", "reason")) == [
        ("locked", ""),
        ("lifted", "Skor diperiksa ulang."),
        ("locked", ""),
    ]
    with pytest.raises(PlacesLocked):
        ranking_save(ranking=Ranking.objects.get(award=finalised["award"], position=1))


def test_committee_page_offers_reopen_and_shows_the_record(committee_client, finalised):
    url = reverse("judging:committee", kwargs={"slug": finalised["event"].slug})

    response = committee_client.get(url)

    content = response.content.decode()
    assert 'name="reason"' in content
    assert "Buka kembali peringkat yang sudah ditetapkan" in content
    assert list(response.context["lock_records"].values_list("award_title", "action")) == [(AWARD, "locked")]


def test_reopen_is_forbidden_to_judges(client, finalised):
    client.force_login(finalised["judges"][0])

    response = client.post(
        reverse("judging:reopen", kwargs={"slug": finalised["event"].slug}), {"reason": "x"}
    )

    assert response.status_code == 403
    assert PlacesLock.objects.count() == 1
