"""Published certificates as PDFs read back (pypdf): the government, the office as printed and the
place, for each shape of award; signed with what the version kept, drawn identically again."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw

from awards.forms import EvaluationEventForm, SignatoryForm
from awards.models import CertificateDesign, Signatory
from documents.certificates.words import Design
from offices.images import logo_clean
from offices.models import Government
from results.certificates.storage import printed_rendered
from results.models import VersionPlace, VersionSignatory
from results.services import event_publish
from tests.documents import pdfs

pytestmark = pytest.mark.django_db

NIP = "197001011990031001"


def _png(size, colour) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, size[0] - 5, size[1] - 5), fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _upload(name: str, colour=(10, 10, 90, 255), size=(900, 300)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _png(size, colour), content_type="image/png")


def _sleman() -> Government:
    found = Government.objects.get(pk=1)
    found.name, found.heading, found.head_title = "Kabupaten Sleman", "PEMERINTAH KABUPATEN SLEMAN", "Bupati"
    found.emblem = logo_clean(_upload("lambang.png", (20, 110, 60, 255), (600, 700)))
    found.save()
    return found


def _signatory(event, **data) -> Signatory:
    """Added through the admin's form: the pictures checked and stored as clean PNGs."""
    files = {key: data.pop(key) for key in ("signature", "stamp") if key in data}
    form = SignatoryForm(data={"order": 1, **data}, files=files, instance=Signatory(event=event))
    assert form.is_valid(), form.errors
    return form.save()


def _rows(event) -> list[VersionPlace]:
    return list(
        VersionPlace.objects.filter(version__event=event, version__is_current=True)
        .select_related("category__award__version__event")
        .order_by("order")
    )


def _pdf(row: VersionPlace) -> bytes:
    with default_storage.open(printed_rendered(row, "certificate-pdf"), "rb") as stored:
        return stored.read()


def test_every_shape_names_the_government_the_office_as_printed_and_the_place(shapes):
    government = _sleman()
    for event in (shapes.ppid, shapes.media):
        _signatory(
            event,
            name="Kustini Sri Purnomo",
            title="Bupati Sleman",
            nip="19700101 199003 1 001",
            signature=_upload("ttd.png"),
            stamp=_upload("cap.png", (120, 20, 160, 200), (500, 500)),
        )
        event_publish(event=event)

    rows = _rows(shapes.ppid) + _rows(shapes.media)
    printed = {}
    for row in rows:
        data = _pdf(row)
        words = pdfs.words(data)
        assert "PEMERINTAH KABUPATEN SLEMAN" in words
        assert row.office_display_name in words
        assert row.title in words
        assert "Bupati Sleman Kustini Sri Purnomo NIP. 197001011990031001" in words
        assert pdfs.is_a4_landscape(data)
        assert all(pdfs.fonts(data).values())
        # The emblem, the signature and the stamp as images (each kept at its printed size).
        assert {(240, 280), (440, 147), (200, 200)} <= set(pdfs.images(data))
        printed[row.office_display_name] = row.title

    assert len(rows) == 13 + 7
    # The shapes: a channel award with SKPD and Kelurahan, honourable mentions, a mixed
    # ranking, Kapanewon and Kalurahan.
    assert printed["Kelurahan Sungai Baru"] == "Harapan 2"
    assert printed["Kapanewon Kalasan"] == "Harapan 1"
    assert printed["Kalurahan Caturtunggal"] == "Juara 1"
    assert printed["Dinas Contoh Lima 5"] == "Terbaik Kelima"
    assert government.emblem.name in {row.version.emblem for row in rows}


def test_a_versions_certificate_is_drawn_identically_again_after_every_edit(shapes):
    _sleman()
    signatory = _signatory(
        shapes.media, name="H. Ibnu Sina", title="Walikota Banjarmasin", signature=_upload("ttd.png")
    )
    event_publish(event=shapes.media)
    row = _rows(shapes.media)[0]
    first = _pdf(row)
    [kept] = VersionSignatory.objects.filter(version=row.version)

    # Everything the certificate printed changes in the draft: the signature (a new upload), the
    # government's heading and emblem, the design.
    form = SignatoryForm(
        data={"order": 1, "name": "H. Ibnu Sina", "title": "Walikota Banjarmasin", "nip": ""},
        files={"signature": _upload("ttd-baru.png", (200, 0, 0, 255))},
        instance=signatory,
    )
    assert form.is_valid(), form.errors
    form.save()
    Government.objects.filter(pk=1).update(heading="PEMERINTAH KOTA LAIN", emblem="")
    shapes.media.certificate_design = CertificateDesign.FORMAL
    shapes.media.save()
    default_storage.delete(printed_rendered(row, "certificate-pdf"))

    again = _pdf(row)

    assert again == first
    signatory.refresh_from_db()
    assert kept.signature and kept.signature != signatory.signature.name
    # Pictures are never overwritten: the one the version printed is still there.
    assert default_storage.exists(kept.signature)


def test_the_version_keeps_the_design_and_background_it_was_published_with(shapes):
    form = EvaluationEventForm(
        data={
            **{f: getattr(shapes.media, f) for f in EvaluationEventForm.Meta.fields[:-2]},
            "held_on": shapes.media.held_on.isoformat(),
            "certificate_design": CertificateDesign.BACKGROUND,
        },
        files={"certificate_background": _upload("latar.jpg", (230, 220, 190, 255), (1754, 1240))},
        instance=shapes.media,
    )
    assert form.is_valid(), form.errors
    event = form.save()
    event_publish(event=event)
    row = _rows(event)[0]

    data = _pdf(row)

    assert (row.version.certificate_design, row.version.certificate_background) == (
        Design.BACKGROUND,
        event.certificate_background.name,
    )
    assert (1754, 1240) in pdfs.images(data)


def test_background_design_without_a_picture_is_refused_with_a_message(shapes):
    data = {f: getattr(shapes.media, f) for f in EvaluationEventForm.Meta.fields[:-2]}
    data["held_on"] = shapes.media.held_on.isoformat()
    form = EvaluationEventForm(
        data={**data, "certificate_design": CertificateDesign.BACKGROUND}, instance=shapes.media
    )

    assert not form.is_valid()
    assert "needs the background picture" in str(form.errors) or "memerlukan gambar latar" in str(form.errors)


def test_a_signatory_picture_that_is_not_an_image_is_refused(shapes):
    form = SignatoryForm(
        data={"order": 1, "name": "H. Ibnu Sina", "title": "Walikota", "nip": "123"},
        files={"signature": SimpleUploadedFile("ttd.png", b"not an image")},
        instance=Signatory(event=shapes.media),
    )

    assert not form.is_valid()
    assert set(form.errors) == {"signature", "nip"}
    assert Signatory.objects.filter(event=shapes.media).count() == 0


def test_a_signature_is_stored_as_a_clean_png_with_its_transparency(shapes):
    signatory = _signatory(shapes.media, name="H. Ibnu Sina", title="Walikota", signature=_upload("ttd.webp"))

    with default_storage.open(signatory.signature.name, "rb") as stored:
        image = Image.open(stored)
        assert (image.format, image.mode) == ("PNG", "RGBA")
        assert image.getpixel((0, 0))[3] == 0
    assert signatory.signature.name.startswith("certificates/signatures/")


def test_publish_page_warns_when_the_certificates_would_be_unsigned(committee_client, shapes):
    url = reverse("admin:awards_evaluationevent_publish", args=[shapes.media.pk])

    unsigned = committee_client.get(url).content.decode()
    Signatory.objects.create(event=shapes.media, name="H. Ibnu Sina", title="Walikota Banjarmasin")
    signed = committee_client.get(url).content.decode()

    assert 'id="unsigned-warning"' in unsigned
    assert "tidak bertanda tangan" in unsigned
    assert 'id="unsigned-warning"' not in signed


def test_event_zip_holds_a_pdf_per_place_with_its_words(committee_client, shapes):
    _sleman()
    url = reverse("admin:awards_evaluationevent_certificates", kwargs={"pk": shapes.ppid.pk})

    archive = zipfile.ZipFile(io.BytesIO(b"".join(committee_client.get(url).streaming_content)))

    names = archive.namelist()
    assert len(names) == 13 and all(n.endswith(".pdf") for n in names)
    assert "PEMERINTAH KABUPATEN SLEMAN" in pdfs.words(archive.read(names[0]))
