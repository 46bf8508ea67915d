import hashlib
import io
import json
import re
import zipfile
from dataclasses import asdict, replace

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from awards.models import EvaluationEvent, RankingLevel
from awards.selectors import event_certificate_places
from offices.models import Channel, OfficeKind
from results.certificates.place_text import place_text
from results.certificates.storage import (
    KINDS,
    card_version,
    certificate_renders,
    event_certificates_draw,
    event_certificates_zip,
    render_name,
    rendered,
    rendered_response,
)
from results.services import event_withdraw
from tests.factories import AwardFactory, CategoryFactory, EventFactory, OfficeFactory, RankingFactory
from tests.helpers import stored_renders

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    call_command("load_demo", verbosity=0)
    return EvaluationEvent.objects.get(slug="evaluasi-smart-city-2021")


@pytest.fixture
def pelambuan(seed):
    return event_certificate_places(seed).get(office__name="Pelambuan", award__channel__code="website")


def zip_url(event):
    return reverse("admin:awards_evaluationevent_certificates", kwargs={"pk": event.pk})


def mtimes(settings, names):
    return {name: (settings.MEDIA_ROOT / name).stat().st_mtime_ns for name in names}


# --- unguessable names


def test_render_name_is_keyed_with_the_secret_key(settings, seed, pelambuan):
    first = rendered(pelambuan, "certificate-pdf")
    settings.SECRET_KEY = "another-secret-key-of-another-installation-0123456789"

    second = rendered(pelambuan, "certificate-pdf")

    pattern = rf"awards/renders/{seed.pk}/{pelambuan.pk}/certificate-pdf-[0-9a-f]{{32}}\.pdf"
    assert re.fullmatch(pattern, first)
    assert re.fullmatch(pattern, second)
    assert second != first


def test_render_name_not_a_hash_of_what_the_public_knows(seed, pelambuan):
    # Everything a visitor can learn about a draft's place (its words and dates); a name built
    # from these alone, as before, could be computed by anyone and fetched from /media/.
    event_withdraw(event=seed, reason="Uji: hasil ditarik")
    place = event_certificate_places(seed).get(pk=pelambuan.pk)
    text = place_text(place, list(seed.signatories.order_by("order")))
    public = {
        "text": asdict(text),
        "place": place.updated_at.isoformat(),
        "office": place.office.updated_at.isoformat(),
        "event": place.event.updated_at.isoformat(),
        "category": place.category.updated_at.isoformat(),
        "award": place.category.award.updated_at.isoformat(),
    }
    guesses = set()
    for version in range(5):
        inputs = json.dumps({**public, "version": version, "kind": "certificate-png"}, sort_keys=True)
        digest = hashlib.sha256(inputs.encode()).hexdigest()
        guesses |= {digest[:n] for n in (12, 16, 24, 32, 64)}

    name = rendered(place, "certificate-png")

    key = name.rsplit("-", 1)[1].removesuffix(".png")
    assert len(key) == 32
    assert key not in guesses


def test_render_name_differs_with_the_verification_code(shapes):
    place = shapes.places(shapes.ppid)["Kapanewon Depok"]
    text = place_text(place, [])

    def with_code(code, host="awards.example.go.id"):
        return replace(text, code=code, verify_url=f"https://{host}/verify/{code}/")

    texts = [
        text,
        with_code("K7QM-3XPA"),
        with_code("K7QM-3XPB"),
        with_code("K7QM-3XPA", "other.example.go.id"),
        # Each printed word counts on its own, the code as much as the address.
        replace(with_code("K7QM-3XPA"), code="K7QM-3XPB"),
    ]

    for kind in KINDS:
        names = [render_name(place, t, kind) for t in texts]
        # A stored picture is never reused for another code (nor one without a code).
        assert len(set(names)) == len(texts)
        assert render_name(place, with_code("K7QM-3XPA"), kind) == names[1]


def test_draft_render_only_through_the_checked_views(committee_client, seed, pelambuan):
    event_withdraw(event=seed, reason="Uji: hasil ditarik")
    place = event_certificate_places(seed).get(pk=pelambuan.pk)
    name = rendered(place, "card-og")

    public = Client().get(reverse("results:place-card", kwargs={"pk": pelambuan.pk, "shape": "og"}))
    # A public address serves a published version only, to the committee too; drafts are
    # checked through the admin's certificate view.
    at_public_address = committee_client.get(
        reverse("results:place-card", kwargs={"pk": pelambuan.pk, "shape": "og"})
    )
    committee = committee_client.get(
        reverse("admin:awards_ranking_certificate", kwargs={"pk": pelambuan.pk, "fmt": "png"})
    )

    assert (public.status_code, at_public_address.status_code) == (404, 404)
    assert committee.status_code == 200
    assert default_storage.exists(name)
    # The page a visitor sees never names the file.
    assert name.rsplit("/", 1)[1] not in committee_client.get(seed.get_absolute_url()).content.decode()


# --- the whole-event ZIP


def test_zip_cold_stores_each_certificate_once_and_sends_the_stored_files(settings, committee_client, seed):
    assert stored_renders(settings.MEDIA_ROOT) == []

    response = committee_client.get(zip_url(seed))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    stored = stored_renders(settings.MEDIA_ROOT)
    # A PDF per place, for print: the pictures for screens are drawn when a page shows them.
    assert len(stored) == 18
    assert sorted(n.rsplit(".", 1)[1] for n in stored) == ["pdf"] * 18
    assert sorted(archive.read(i) for i in archive.infolist()) == sorted(
        default_storage.open(n).read() for n in stored
    )
    assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_STORED}
    assert archive.testzip() is None


def test_zip_warm_draws_nothing_again(settings, committee_client, seed, pelambuan):
    single = rendered(pelambuan, "certificate-pdf")
    b"".join(committee_client.get(zip_url(seed)).streaming_content)
    stored = stored_renders(settings.MEDIA_ROOT)
    before = mtimes(settings, stored)

    response = committee_client.get(zip_url(seed))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    assert single in stored
    assert stored_renders(settings.MEDIA_ROOT) == stored
    assert mtimes(settings, stored) == before
    pdf = [n for n in archive.namelist() if n.endswith("-kelurahan-pelambuan.pdf")]
    assert pdf == ["004-terbaik-pengelolaan-website-kelurahan-terbaik-pertama-kelurahan-pelambuan.pdf"]
    assert archive.read(pdf[0]) == default_storage.open(single).read()
    assert all(n.startswith(f"{i + 1:03d}-") for i, n in enumerate(archive.namelist()))


def test_single_download_after_zip_reuses_its_file(settings, client, committee_client, seed, pelambuan):
    b"".join(committee_client.get(zip_url(seed)).streaming_content)
    stored = stored_renders(settings.MEDIA_ROOT)
    before = mtimes(settings, stored)

    response = committee_client.get(
        reverse("admin:awards_ranking_certificate", kwargs={"pk": pelambuan.pk, "fmt": "pdf"})
    )

    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert stored_renders(settings.MEDIA_ROOT) == stored
    assert mtimes(settings, stored) == before


def test_zip_starts_before_the_later_certificates_are_drawn(settings, committee_client, seed):
    response = committee_client.get(zip_url(seed))

    pieces = iter(response.streaming_content)
    first = next(piece for piece in pieces if piece)

    assert first.startswith(b"PK\x03\x04")
    # Only the first place's PDF exists when the first bytes leave.
    assert len(stored_renders(settings.MEDIA_ROOT)) == 1
    rest = b"".join(pieces)
    with zipfile.ZipFile(io.BytesIO(first + rest)) as archive:
        assert len(archive.namelist()) == 18
        assert archive.read(archive.namelist()[1]).startswith(b"%PDF-")


def test_zip_after_signatory_edit_redraws_and_drops_the_old_files(settings, committee_client, seed):
    b"".join(committee_client.get(zip_url(seed)).streaming_content)
    old = set(stored_renders(settings.MEDIA_ROOT))
    signatory = seed.signatories.get(name="Sugito Said")
    signatory.title = "Sekretaris Daerah Kota Banjarmasin"
    signatory.save()

    b"".join(committee_client.get(zip_url(seed)).streaming_content)

    new = set(stored_renders(settings.MEDIA_ROOT))
    assert len(new) == 18
    assert new & old == set()


def make_event(count: int) -> EvaluationEvent:
    """An event of ``count`` places in each of two categories of a channel award, and ``count``
    in an award without channel, as many honourable mentions of which."""
    event = EventFactory()
    channel = Channel.objects.get(code="website")
    for position in range(1, count + 1):
        RankingFactory(event=event, channel=channel, position=position, office=OfficeFactory(), places=count)
        RankingFactory(
            event=event,
            channel=channel,
            position=position,
            office=OfficeFactory(kind=OfficeKind.KELURAHAN),
            places=count,
        )
    ppid = CategoryFactory(
        award=AwardFactory(event=event, title="Anugerah PPID"), places=count, mentions=count
    )
    for position in range(1, count + 1):
        RankingFactory(category=ppid, office=OfficeFactory(), position=position)
        RankingFactory(category=ppid, office=OfficeFactory(), position=position, level=RankingLevel.MENTION)
    return event


@pytest.mark.parametrize("count", [2, 5])
def test_zip_query_count_same_at_two_sizes(committee_client, django_assert_num_queries, count):
    event = make_event(count)
    # Warm: the files are stored; the queries are what is left to pin.
    assert event_certificates_draw(event=event) == 4 * count

    with django_assert_num_queries(12):
        content = b"".join(committee_client.get(zip_url(event)).streaming_content)

    assert len(zipfile.ZipFile(io.BytesIO(content)).namelist()) == 4 * count


# --- a large event: drawn by a task first (the queue itself: tests/results/certificates/test_queue.py)


def test_zip_of_event_with_too_many_to_draw_shows_progress_and_enqueues_drawing(
    settings, committee_client, seed
):
    settings.CERTIFICATES_ZIP_DRAW_LIMIT = 5

    response = committee_client.get(zip_url(seed))

    assert response.status_code == 202
    assert response["Content-Type"] == "text/html; charset=utf-8"
    content = response.content.decode()
    assert "menunggu pekerja latar belakang" in content
    assert "0 dari 18 siap." in content
    assert '<meta http-equiv="refresh" content="10">' in content
    waiting = DBTaskResult.objects.get()
    assert (waiting.task_path, waiting.args_kwargs) == (
        "results.tasks.draw_event_certificates",
        {"args": [seed.pk], "kwargs": {}},
    )
    assert waiting.status == "READY"
    assert stored_renders(settings.MEDIA_ROOT) == []


def test_zip_after_background_drawing_streams_without_drawing(settings, committee_client, seed):
    settings.CERTIFICATES_ZIP_DRAW_LIMIT = 5
    drawn = event_certificates_draw(event=seed)
    stored = stored_renders(settings.MEDIA_ROOT)
    before = mtimes(settings, stored)

    response = committee_client.get(zip_url(seed))

    assert drawn == 18
    assert response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(archive.namelist()) == 18
    assert len(stored) == 18
    assert mtimes(settings, stored_renders(settings.MEDIA_ROOT)) == before
    assert not DBTaskResult.objects.exists()


def test_certificates_draw_command_draws_what_is_missing(settings, seed, pelambuan):
    rendered(pelambuan, "certificate-png")
    rendered(pelambuan, "certificate-pdf")
    out = io.StringIO()

    call_command("certificates_draw", seed.slug, stdout=out)

    assert out.getvalue() == "17 certificates drawn for evaluasi-smart-city-2021 (18 places).\n"
    # The PNG drawn for a page stays; the command draws the PDFs.
    assert len(stored_renders(settings.MEDIA_ROOT)) == 19


# --- the shapes of issue 13 (tests/awards/certificates/conftest.py): names, deletion


def test_zip_of_award_without_channel_names_award_and_category(settings, shapes):
    archive = zipfile.ZipFile(io.BytesIO(b"".join(event_certificates_zip(shapes.ppid))))

    pngs = [n.removesuffix(".pdf") + ".png" for n in archive.namelist()]
    assert pngs[:2] == [
        "001-anugerah-keterbukaan-informasi-publik-opd-juara-1-dinas-komunikasi-dan-informatika.png",
        "002-anugerah-keterbukaan-informasi-publik-opd-juara-2-dinas-kesehatan.png",
    ]
    assert pngs[6:9] == [
        "007-anugerah-keterbukaan-informasi-publik-kapanewon-juara-1-kapanewon-mlati.png",
        "008-anugerah-keterbukaan-informasi-publik-kapanewon-juara-2-kapanewon-depok.png",
        "009-anugerah-keterbukaan-informasi-publik-kapanewon-harapan-1-kapanewon-kalasan.png",
    ]
    # A category named like its award is named once; the mixed ranking keeps its order.
    assert pngs[9:] == [
        "010-anugerah-ppid-juara-1-kalurahan-caturtunggal.png",
        "011-anugerah-ppid-juara-2-dinas-sosial.png",
        "012-anugerah-ppid-juara-3-dinas-pertanian.png",
        "013-anugerah-ppid-harapan-1-sekretariat-dprd.png",
    ]
    assert len(set(archive.namelist())) == len(archive.namelist()) == 13


def test_download_name_of_a_mention(shapes):
    place = shapes.places(shapes.media)["Kelurahan Sungai Baru"]

    response = rendered_response(place, "certificate-pdf", attachment=True)

    assert response["Content-Disposition"] == (
        'attachment; filename="piagam-evaluasi-media-2022-terbaik-pengelolaan-website-kelurahan-'
        'harapan-2-kelurahan-sungai-baru.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_long_titles_give_file_names_of_bounded_length(shapes):
    # The longest titles the columns hold: 200, 120 and 200 characters.
    award = AwardFactory(event=shapes.ppid, title=("Anugerah " + "Keterbukaan Informasi Publik " * 7)[:200])
    category = CategoryFactory(award=award, title=("Kapanewon " * 12)[:120], places=1)
    place = RankingFactory(category=category, office=OfficeFactory(name=("Dinas " + "Panjang " * 30)[:200]))
    place = event_certificate_places(shapes.ppid).get(pk=place.pk)

    response = rendered_response(place, "card-square", attachment=False)

    name = re.search(r'filename="([^"]+)"', response["Content-Disposition"])[1]
    assert name.startswith("kartu-akip-sleman-2023-anugerah-keterbukaan-informasi-publik-")
    assert name.endswith(".png")
    assert len(name) < 200


def test_place_removed_deletes_its_renders_and_keeps_the_others(
    settings, django_capture_on_commit_callbacks, shapes
):
    places = shapes.places(shapes.ppid)
    gone = rendered(places["Kapanewon Kalasan"], "card-og")
    kept = rendered(places["Kapanewon Depok"], "card-og")

    with django_capture_on_commit_callbacks(execute=True):
        places["Kapanewon Kalasan"].delete()

    assert gone.startswith(f"awards/renders/{shapes.ppid.pk}/")
    assert stored_renders(settings.MEDIA_ROOT) == [kept]


def test_category_and_event_deleted_delete_the_renders_of_their_places(
    settings, django_capture_on_commit_callbacks, shapes
):
    ppid, media = shapes.places(shapes.ppid), shapes.places(shapes.media)
    for place in [ppid["Dinas Sosial"], ppid["Kapanewon Depok"], ppid["Kapanewon Kalasan"]]:
        certificate_renders(place, [])
    kept = rendered(media["Kelurahan Pelambuan"], "card-og")

    with django_capture_on_commit_callbacks(execute=True):
        ppid["Kapanewon Depok"].category.delete()
    assert len(stored_renders(settings.MEDIA_ROOT)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        shapes.ppid.delete()
    assert stored_renders(settings.MEDIA_ROOT) == [kept]


def test_renders_kept_when_the_deletion_is_rolled_back(settings, shapes):
    from django.db import transaction

    place = shapes.places(shapes.ppid)["Dinas Sosial"]
    name = rendered(place, "card-og")

    with pytest.raises(RuntimeError), transaction.atomic():
        shapes.ppid.delete()
        raise RuntimeError("rolled back")

    assert stored_renders(settings.MEDIA_ROOT) == [name]


def test_card_version_changes_with_the_words_of_award_category_and_kind(shapes):
    place = shapes.places(shapes.ppid)["Kapanewon Depok"]
    versions = {card_version(place, "card-og")}

    for change in (
        lambda p: setattr(p.category, "title", "Kapanewon dan Kemantren") or p.category.save(),
        lambda p: setattr(p.category.award, "title", "Anugerah KIP") or p.category.award.save(),
        lambda p: setattr(p.office.kind, "prefix", "Kemantren") or p.office.kind.save(),
    ):
        change(place)
        fresh = event_certificate_places(shapes.ppid).get(pk=place.pk)
        versions.add(card_version(fresh, "card-og"))

    assert len(versions) == 4
