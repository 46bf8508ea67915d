"""Published versions (issue 14): what the public sees is a record, corrected only with a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import EventStatus, Ranking
from awards.services import event_places_save, ranking_save
from offices.models import Office
from results.models import PublishedVersion, VersionPlace, VersionStatus
from results.services import event_publish, event_withdraw
from tests.factories import EventFactory, RankingFactory, make_committee_member
from tests.helpers import DEMO_SLUG, correct_a_citation, public_id

EVENT_URL = f"/events/{DEMO_SLUG}/"


def website_skpd(demo):
    return Ranking.objects.filter(
        award__event=demo, award__channel__code="website", category__title="SKPD"
    ).order_by("position")


def test_demo_is_version_1_final_with_a_code_per_place(demo):
    version = PublishedVersion.objects.get(event=demo)

    assert (version.number, version.status, version.is_current, version.reason) == (1, "final", True, "")
    codes = list(version.places.values_list("code", flat=True))
    assert len(codes) == Ranking.objects.filter(award__event=demo).count() == len(set(codes))
    assert all(len(code) == 9 and code[4] == "-" for code in codes)


def test_an_edit_stays_invisible_until_published_with_a_reason(client, demo):
    first, second, _third = website_skpd(demo)
    first.position, second.position = 2, 1
    event_places_save(event=demo, changed=[first, second])

    page = client.get(EVENT_URL).context
    winner = page["sections"][0].categories[0].places[0].office.name
    with pytest.raises(ValidationError) as refused:
        event_publish(event=demo)
    after_refusal = PublishedVersion.objects.filter(event=demo).count()
    version = event_publish(event=demo, reason="Ralat: nilai Diskominfotik dihitung ulang")
    corrected = client.get(EVENT_URL)

    assert winner == "Bagian Protokol dan Komunikasi Pimpinan"
    assert "reason" in refused.value.message_dict
    assert after_refusal == 1
    assert version.number == 2
    assert corrected.context["sections"][0].categories[0].places[0].office.name == (
        "Dinas Komunikasi, Informatika dan Statistik"
    )
    content = corrected.content.decode()
    # The correction is listed with its reason and what changed, in words.
    assert "Ralat: nilai Diskominfotik dihitung ulang" in content
    assert (
        "Dinas Komunikasi, Informatika dan Statistik (Terbaik Pengelolaan Website, SKPD): "
        "Terbaik Kedua → Terbaik Pertama"
    ) in content


def test_earlier_version_stays_at_its_address_with_a_banner(client, demo):
    first, second, _third = website_skpd(demo)
    first.position, second.position = 2, 1
    event_places_save(event=demo, changed=[first, second])
    event_publish(event=demo, reason="Ralat urutan")

    old = client.get(reverse("results:event-version", kwargs={"slug": DEMO_SLUG, "number": 1}))

    assert old.status_code == 200
    assert old.context["sections"][0].categories[0].places[0].office.name == (
        "Bagian Protokol dan Komunikasi Pimpinan"
    )
    assert "Ini versi 1 dari hasil ini. Versi ini digantikan oleh versi 2" in old.content.decode()
    assert (
        client.get(reverse("results:event-version", kwargs={"slug": DEMO_SLUG, "number": 3})).status_code
        == 404
    )


def test_unchanged_place_keeps_its_code_and_a_changed_one_gets_a_new(demo):
    first, second, third = website_skpd(demo)
    before = dict(VersionPlace.objects.filter(version__number=1).values_list("ranking_id", "code"))
    first.position, second.position = 2, 1
    event_places_save(event=demo, changed=[first, second])

    event_publish(event=demo, reason="Ralat urutan")

    after = dict(
        VersionPlace.objects.filter(version__number=2, version__event=demo).values_list("ranking_id", "code")
    )
    assert after[third.pk] == before[third.pk]
    assert after[first.pk] != before[first.pk]
    assert after[second.pk] != before[second.pk]


def test_verification_before_and_after_a_correction_removing_the_place(client, demo):
    place = website_skpd(demo)[2]
    code = VersionPlace.objects.get(version__number=1, ranking_id=place.pk).code

    standing = client.get(reverse("results:verify", kwargs={"code": code}))
    event_places_save(event=demo, changed=[], deleted=[place])
    event_publish(event=demo, reason="Peringkat ketiga dibatalkan")
    removed = client.get(reverse("results:verify", kwargs={"code": code.lower().replace("-", "")}))

    assert standing.status_code == 200
    assert standing.context["stands"] is True
    assert "Peringkat ini berlaku" in standing.content.decode()
    assert removed.context["stands"] is False
    assert removed.context["now_place"] is None
    assert "Peringkat ini dihapus" in removed.content.decode()
    assert "Peringkat ketiga dibatalkan" in removed.content.decode()
    # A certificate of version 1 is still drawn from version 1.
    old_certificate = client.get(
        reverse(
            "results:place-certificate",
            kwargs={"pk": VersionPlace.objects.get(code=code).pk, "fmt": "pdf"},
        )
    )
    assert old_certificate.status_code == 200


@pytest.mark.parametrize("code", ["XXXX", "%00", "A" * 300, "0000-0000", "ABCD-EFGH"])
def test_unknown_or_hostile_code_is_a_404_that_says_so(client, db, code):
    response = client.get(f"/verify/{code}/")

    assert response.status_code == 404
    assert "Tidak ada piagam dengan kode ini" in response.content.decode()


def test_withdrawal_needs_a_reason_and_answers_410_with_it(client, demo):
    with pytest.raises(ValidationError):
        event_withdraw(event=demo, reason="  ")
    still = client.get(EVENT_URL).status_code

    event_withdraw(event=demo, reason="Penilaian diulang karena data tidak lengkap")
    gone = client.get(EVENT_URL)
    republished = event_publish(event=demo, reason="Hasil penilaian ulang")

    assert still == 200
    assert gone.status_code == 410
    assert "Penilaian diulang karena data tidak lengkap" in gone.content.decode()
    assert republished.number == 2
    assert client.get(EVENT_URL).status_code == 200


def test_appeal_window_provisional_then_final_only_after_the_deadline(client, db):
    event = EventFactory()
    RankingFactory(event=event, position=1)
    deadline = timezone.now() + datetime.timedelta(days=7)

    provisional = event_publish(event=event, final=False, appeal_deadline=deadline)
    page = client.get(event.get_absolute_url()).content.decode()
    with pytest.raises(ValidationError) as too_early:
        event_publish(event=event, reason="Final")
    PublishedVersion.objects.filter(pk=provisional.pk).update(
        appeal_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    final = event_publish(event=event, reason="Masa sanggah selesai, tidak ada sanggahan diterima")

    assert provisional.status == VersionStatus.PROVISIONAL
    assert "Hasil sementara: sanggahan dapat disampaikan kepada panitia sampai" in page
    assert "final" in too_early.value.message_dict
    assert PublishedVersion.objects.filter(event=event).count() == 2
    assert final.status == VersionStatus.FINAL
    assert "Hasil sementara" not in client.get(event.get_absolute_url()).content.decode()


def test_provisional_without_deadline_or_past_deadline_is_refused(db):
    event = EventFactory()

    with pytest.raises(ValidationError) as missing:
        event_publish(event=event, final=False)
    with pytest.raises(ValidationError) as past:
        event_publish(event=event, final=False, appeal_deadline=timezone.now() - datetime.timedelta(hours=1))

    assert "appeal_deadline" in missing.value.message_dict
    assert "appeal_deadline" in past.value.message_dict
    assert not PublishedVersion.objects.filter(event=event).exists()
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def test_public_never_sees_an_unpublished_edit_in_files_cards_or_office_pages(client, demo):
    place = website_skpd(demo)[0]
    certificate_before = b"".join(
        client.get(
            reverse("results:place-certificate", kwargs={"pk": public_id(place), "fmt": "png"})
        ).streaming_content
    )
    office = Office.objects.get(pk=place.office_id)
    office.name = "Bagian Prokompim Baru"
    office.save()
    place.citation = "Kutipan baru"
    ranking_save(ranking=place)

    csv = client.get(f"/events/{DEMO_SLUG}/pemenang.csv").content.decode("utf-8-sig")
    certificate_after = b"".join(
        client.get(
            reverse("results:place-certificate", kwargs={"pk": public_id(place), "fmt": "png"})
        ).streaming_content
    )
    office_page = client.get(f"/offices/{office.slug}/")

    assert "Kutipan baru" not in csv and "Prokompim Baru" not in csv
    assert certificate_after == certificate_before
    assert all(p.citation != "Kutipan baru" for p in office_page.context["places"])


def test_repeated_request_with_its_etag_gets_304(client, demo):
    first = Client().get(EVENT_URL)
    again = Client().get(EVENT_URL, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert "s-maxage=5" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert again.status_code == 304
    correct_a_citation(demo, "Catatan diperbarui")
    event_publish(event=demo, reason="Ralat kecil")
    assert Client().get(EVENT_URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize("versions", [1, 4])
def test_event_page_queries_do_not_grow_with_versions(client, demo, django_assert_num_queries, versions):
    for n in range(1, versions):
        correct_a_citation(demo, f"Catatan ralat {n}")
        event_publish(event=demo, reason=f"Ralat {n}")

    with django_assert_num_queries(3):
        response = client.get(EVENT_URL)

    assert response.context["version"].number == versions


def test_trust_trail_names_who_entered_the_place_and_the_versions_it_appeared_in(committee_client, demo):
    place = website_skpd(demo)[0]
    place.citation = "Kutipan diperbarui"
    ranking_save(ranking=place, by=make_committee_member(username="juru-tulis"))
    event_publish(event=demo, reason="Kutipan diperbarui")
    codes = list(
        VersionPlace.objects.filter(ranking_id=place.pk)
        .order_by("version__number")
        .values_list("code", flat=True)
    )

    page = committee_client.get(reverse("admin:awards_ranking_change", args=[place.pk])).content.decode()

    trail = page[page.index("Dimasukkan dan diubah") :]
    assert "juru-tulis" in trail
    assert "versi 1" in trail and "versi 2" in trail
    # The citation is not printed on the certificate: the place keeps its code in version 2.
    assert codes[0] == codes[1] and f"kode {codes[0]}" in trail


def test_committee_publishes_provisional_results_through_the_admin(committee_client, db):
    event = EventFactory()
    RankingFactory(event=event, position=1)
    url = reverse("admin:awards_evaluationevent_publish", args=[event.pk])

    refused = committee_client.post(url, {"kind": "provisional", "appeal_deadline": ""})
    deadline = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    committee_client.post(url, {"kind": "provisional", "appeal_deadline": deadline})
    too_early = committee_client.post(url, {"kind": "final", "reason": "Final"})

    assert "Versi sementara memerlukan akhir masa sanggahnya" in refused.content.decode()
    version = PublishedVersion.objects.get(event=event)
    assert (version.number, version.status) == (1, VersionStatus.PROVISIONAL)
    assert timezone.localtime(version.appeal_deadline).strftime("%Y-%m-%dT%H:%M") == deadline
    assert "versi final baru dapat diumumkan sesudahnya" in too_early.content.decode()
    assert PublishedVersion.objects.filter(event=event).count() == 1
