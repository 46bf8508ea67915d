import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from PIL import Image

from awards.models import EvaluationEvent, Ranking
from offices.models import Channel, OfficeKind
from results.certificates.storage import card_version, rendered
from results.services import event_publish, event_withdraw
from tests.factories import EventFactory, OfficeFactory, RankingFactory
from tests.helpers import public_id, stored_renders

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(demo):
    return demo


@pytest.fixture
def pelambuan(seed):
    return Ranking.objects.select_related(
        "category__award__event", "category__award__channel", "office__kind"
    ).get(award__event=seed, office__name="Pelambuan")


@pytest.fixture
def staff_without_permission(client):
    user = get_user_model().objects.create_user(username="tamu", password="x-tamu-2021", is_staff=True)
    client.force_login(user)
    return client


def certificate_url(ranking, fmt):
    return reverse("results:place-certificate", kwargs={"pk": public_id(ranking), "fmt": fmt})


def card_url(ranking, shape):
    return reverse("results:place-card", kwargs={"pk": public_id(ranking), "shape": shape})


def test_public_certificate_png_of_published_place(client, pelambuan):
    response = client.get(certificate_url(pelambuan, "png"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        'attachment; filename="piagam-evaluasi-smart-city-2021-terbaik-pengelolaan-website-kelurahan-'
        'terbaik-pertama-kelurahan-pelambuan.png"'
    )
    assert response["Cache-Control"] == "public, max-age=3600"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.size == (1754, 1240)


def test_public_certificate_pdf_of_published_place(client, pelambuan):
    response = client.get(certificate_url(pelambuan, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_public_certificate_of_draft_is_404_even_for_committee(committee_client, seed, pelambuan):
    event_withdraw(event=seed, reason="Uji: hasil ditarik")

    assert Client().get(certificate_url(pelambuan, "pdf")).status_code == 404
    assert committee_client.get(certificate_url(pelambuan, "png")).status_code == 404


def test_public_certificate_unknown_format_is_404(client, pelambuan):
    response = client.get(f"/places/{pelambuan.pk}/certificate.svg")

    assert response.status_code == 404


@pytest.mark.parametrize(("shape", "size"), [("og", (1200, 630)), ("square", (1080, 1080))])
def test_public_card_of_published_place(client, pelambuan, shape, size):
    response = client.get(card_url(pelambuan, shape))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.size == size


def test_card_of_draft_hidden_from_public_shown_privately_to_committee(committee_client, seed, pelambuan):
    event_withdraw(event=seed, reason="Uji: hasil ditarik")

    assert Client().get(card_url(pelambuan, "og")).status_code == 404
    # Public addresses serve a published version only, to the committee too.
    assert committee_client.get(card_url(pelambuan, "og")).status_code == 404
    response = committee_client.get(
        reverse("admin:awards_ranking_certificate", kwargs={"pk": pelambuan.pk, "fmt": "png"})
    )
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_render_made_once_then_reused(settings, pelambuan):
    first = rendered(pelambuan, "card-og")
    mtime = (settings.MEDIA_ROOT / first).stat().st_mtime_ns

    again = rendered(
        Ranking.objects.select_related(
            "category__award__event", "category__award__channel", "office__kind"
        ).get(pk=pelambuan.pk),
        "card-og",
    )

    assert again == first
    assert (settings.MEDIA_ROOT / first).stat().st_mtime_ns == mtime
    assert stored_renders(settings.MEDIA_ROOT) == [first]


@pytest.mark.parametrize("edit", ["office", "event", "place"])
def test_render_remade_after_edit_and_old_file_removed(settings, pelambuan, edit):
    first = rendered(pelambuan, "card-og")
    before = default_storage.open(first).read()
    if edit == "office":
        pelambuan.office.name = "Pelambuan Baru"
        pelambuan.office.save()
    elif edit == "event":
        event = pelambuan.event
        event.title = "Evaluasi Smart City Kota Banjarmasin 2021 (Ralat)"
        event.save()
    else:
        pelambuan.citation = "Situs paling lengkap"
        pelambuan.save()

    second = rendered(
        Ranking.objects.select_related(
            "category__award__event", "category__award__channel", "office__kind"
        ).get(pk=pelambuan.pk),
        "card-og",
    )

    assert second != first
    assert stored_renders(settings.MEDIA_ROOT) == [second]
    if edit != "place":
        # The citation is not printed on the card; the office name and event title are.
        assert default_storage.open(second).read() != before


def test_certificate_remade_after_signatory_edit(settings, seed, pelambuan):
    first = rendered(pelambuan, "certificate-png")
    signatory = seed.signatories.get(name="Sugito Said")
    signatory.title = "Sekretaris Daerah Kota Banjarmasin"
    signatory.save()

    second = rendered(pelambuan, "certificate-png")

    assert second != first
    assert stored_renders(settings.MEDIA_ROOT) == [second]


def test_card_url_tag_absolute_with_version_that_follows_edits(pelambuan):
    request = RequestFactory().get("/")
    template = Template("{% load results_images %}{% place_card_url place 'og' %}")
    url = template.render(Context({"place": pelambuan, "request": request}))
    version = card_version(pelambuan, "card-og")

    pelambuan.office.name = "Pelambuan Baru"
    pelambuan.office.save()

    assert url == f"http://testserver/places/{pelambuan.pk}/card-og.png?v={version}"
    assert len(version) == 12
    assert card_version(pelambuan, "card-og") != version


def test_share_places_of_the_event_and_office_pages(client, seed):
    event_place = client.get(seed.get_absolute_url()).context["share_place"]
    office = event_place.office
    best = client.get(office.get_absolute_url()).context["share_place"]

    assert (event_place.channel.code, event_place.office.kind_id, event_place.position) == (
        "website",
        "skpd",
        1,
    )
    assert office.name == "Bagian Protokol dan Komunikasi Pimpinan"
    assert (best.channel.code, best.position) == ("website", 1)


def test_office_share_place_ignores_drafts(client, db):
    office = OfficeFactory()
    RankingFactory(office=office)

    assert client.get(office.get_absolute_url()).context["share_place"] is None


def test_event_page_links_certificates_of_published_places(client, seed, pelambuan):
    response = client.get(seed.get_absolute_url())

    content = response.content.decode()
    number = public_id(pelambuan)
    assert f'href="/places/{number}/certificate.pdf"' in content
    assert f'href="/places/{number}/certificate.png"' in content
    assert f'href="/places/{number}/card-square.png?v=' in content
    assert content.count("/certificate.pdf") == 18


def test_event_page_draft_preview_has_no_public_certificate_links(committee_client, seed):
    event_withdraw(event=seed, reason="Uji: hasil ditarik")

    response = committee_client.get(seed.get_absolute_url())

    assert response.status_code == 200
    assert "/certificate.pdf" not in response.content.decode()


def make_event_with_places(count: int) -> EvaluationEvent:
    event = EventFactory()
    channel = Channel.objects.get(code="website")
    for position in range(1, count + 1):
        RankingFactory(event=event, channel=channel, position=position, places=count, office=OfficeFactory())
        RankingFactory(
            event=event,
            channel=channel,
            position=position,
            places=count,
            office=OfficeFactory(kind=OfficeKind.KELURAHAN, logo=f"logos/{position:032x}.png"),
        )
    event_publish(event=event)
    return event


@pytest.mark.parametrize("count", [2, 12])
def test_event_page_query_count_same_at_two_sizes(client, django_assert_num_queries, count):
    event = make_event_with_places(count)

    # The current version with its event (signatories, awards, categories and judging's breakdown
    # are frozen in it), and its places.
    with django_assert_num_queries(3):
        response = client.get(event.get_absolute_url())

    assert response.content.decode().count("/certificate.pdf") == 2 * count


@pytest.mark.parametrize("count", [2, 12])
def test_public_winner_list_query_count_same_at_two_sizes(client, django_assert_num_queries, count):
    event = make_event_with_places(count)

    # The current version with its event, and its places as stored (no office, kind or award row).
    with django_assert_num_queries(2):
        response = client.get(f"/events/{event.slug}/pemenang.csv")

    assert response.status_code == 200
    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == 1 + 2 * count


# --- committee downloads in the admin


def admin_certificate_url(ranking, fmt):
    return reverse("admin:awards_ranking_certificate", kwargs={"pk": ranking.pk, "fmt": fmt})


def zip_url(event):
    return reverse("admin:awards_evaluationevent_certificates", kwargs={"pk": event.pk})


def test_admin_certificate_of_draft_place_for_committee(committee_client, seed, pelambuan):
    event_withdraw(event=seed, reason="Uji: hasil ditarik")

    response = committee_client.get(admin_certificate_url(pelambuan, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # The admin marks all its pages never_cache; a draft's certificate is never kept by a proxy.
    assert response["Cache-Control"] == "private, no-store, max-age=0, no-cache, must-revalidate"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_admin_certificate_anonymous_redirected_to_login(client, pelambuan):
    url = admin_certificate_url(pelambuan, "png")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_admin_certificate_without_permission_forbidden(staff_without_permission, pelambuan):
    response = staff_without_permission.get(admin_certificate_url(pelambuan, "png"))

    assert response.status_code == 403


def test_admin_zip_holds_a_pdf_and_png_per_place(committee_client, seed):
    response = committee_client.get(zip_url(seed))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="piagam-evaluasi-smart-city-2021.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert len(names) == 36
    assert names[:4] == [
        "001-terbaik-pengelolaan-website-skpd-terbaik-pertama-bagian-protokol-dan-komunikasi-pimpinan.pdf",
        "001-terbaik-pengelolaan-website-skpd-terbaik-pertama-bagian-protokol-dan-komunikasi-pimpinan.png",
        "002-terbaik-pengelolaan-website-skpd-terbaik-kedua-dinas-komunikasi-informatika-dan-statist.pdf",
        "002-terbaik-pengelolaan-website-skpd-terbaik-kedua-dinas-komunikasi-informatika-dan-statist.png",
    ]
    assert names[-1] == "018-terbaik-pengelolaan-facebook-kelurahan-terbaik-ketiga-kelurahan-sungai-baru.png"
    assert archive.testzip() is None
    assert archive.read(names[0]).startswith(b"%PDF-")
    with Image.open(io.BytesIO(archive.read(names[1]))) as image:
        assert image.size == (1754, 1240)


def test_admin_zip_anonymous_redirected_to_login(client, seed):
    url = zip_url(seed)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_admin_zip_without_permission_forbidden(staff_without_permission, seed):
    response = staff_without_permission.get(zip_url(seed))

    assert response.status_code == 403


def test_admin_event_page_links_zip_and_award_page_links_place_certificates(
    committee_client, seed, pelambuan
):
    event_page = committee_client.get(reverse("admin:awards_evaluationevent_change", args=[seed.pk]))
    award_page = committee_client.get(reverse("admin:awards_award_change", args=[pelambuan.award_id]))

    assert f'href="{zip_url(seed)}"' in event_page.content.decode()
    assert f'href="{admin_certificate_url(pelambuan, "pdf")}"' in award_page.content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_admin_ranking_changelist_certificate_column_query_count(
    committee_client, django_assert_num_queries, count
):
    event = make_event_with_places(count)
    url = reverse("admin:awards_ranking_changelist")

    with django_assert_num_queries(10):
        response = committee_client.get(url)

    content = response.content.decode()
    assert content.count("/certificate.pdf") == 2 * count
    assert Ranking.objects.filter(award__event=event).count() == 2 * count


def test_certificate_of_office_whose_logo_file_is_gone_has_no_logo(client, pelambuan):
    pelambuan.office.logo = "logos/0123456789abcdef0123456789abcdef.png"
    pelambuan.office.save()

    response = client.get(certificate_url(pelambuan, "png"))

    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.size == (1754, 1240)


def test_certificate_shows_uploaded_logo(client, pelambuan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from offices.images import logo_clean

    logo = Image.new("RGB", (400, 400), (200, 30, 30))
    out = io.BytesIO()
    logo.save(out, format="PNG")
    pelambuan.office.logo.save("x.png", logo_clean(SimpleUploadedFile("x.png", out.getvalue())))
    # The public certificate is drawn from the published version: the new logo shows once published.
    event_publish(event=pelambuan.event, reason="Logo Kelurahan Pelambuan ditambahkan")

    response = client.get(certificate_url(pelambuan, "png"))

    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        # The logo sits centred at the top, inside the margin (documents layout.certificate_layout).
        assert image.getpixel((877, 170)) == (200, 30, 30)


def test_place_deleted_removes_its_pictures(settings, django_capture_on_commit_callbacks, pelambuan):
    rendered(pelambuan, "card-og")
    rendered(pelambuan, "certificate-pdf")
    other = (
        Ranking.objects.select_related("category__award__event", "category__award__channel", "office__kind")
        .exclude(pk=pelambuan.pk)
        .first()
    )
    kept = rendered(other, "card-og")

    with django_capture_on_commit_callbacks(execute=True):
        pelambuan.delete()

    assert stored_renders(settings.MEDIA_ROOT) == [kept]
