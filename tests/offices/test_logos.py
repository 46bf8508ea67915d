import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from offices.images import THUMBNAIL_SIZES, thumbnail_name
from offices.models import Office, OfficeKind
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:offices_office_add")


def office_form(logo=None, **overrides):
    data = {
        "name": "Dinas Kesehatan",
        "short_name": "",
        "kind": OfficeKind.SKPD,
        "slug": "",
        "parent": "",
        "is_active": "on",
        "former_names-TOTAL_FORMS": "0",
        "former_names-INITIAL_FORMS": "0",
        "accounts-TOTAL_FORMS": "0",
        "accounts-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    if logo is not None:
        data["logo"] = logo
    data.update(overrides)
    return data


def image_bytes(fmt: str, size=(300, 200), mode="RGB", **save) -> bytes:
    image = Image.new(mode, size, (20, 120, 60) if mode == "RGB" else (20, 120, 60, 128))
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims huge dimensions: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraKantor"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (3.0, 19.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (114.0, 35.0, 24.0)
    return image_bytes("JPEG", exif=exif)


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("fmt", "mode", "stored_mode"),
    [("PNG", "RGBA", "RGBA"), ("JPEG", "RGB", "RGB"), ("WEBP", "RGB", "RGB")],
)
def test_logo_upload_accepted_and_stored_as_png(committee_client, settings, fmt, mode, stored_mode):
    upload = SimpleUploadedFile("logo-dinkes.bin", image_bytes(fmt, mode=mode))

    response = committee_client.post(ADD_URL, office_form(upload))

    assert response.status_code == 302
    office = Office.objects.get()
    assert office.logo.name.startswith("logos/")
    assert office.logo.name.endswith(".png")
    assert "dinkes" not in office.logo.name
    assert stored_files(settings) == [office.logo.name]
    with Image.open(office.logo.path) as stored:
        assert (stored.format, stored.mode, stored.size) == ("PNG", stored_mode, (300, 200))


NOT_AN_IMAGE = (
    "Logo harus berupa gambar PNG, JPEG, atau WebP; berkas ini bukan salah satunya (yang menentukan "
    "adalah isi berkas, bukan namanya)."
)
# The committee reads the admin in Indonesian, the default language.
INVALID = [
    ("text renamed .png", "logo.png", b"This is not an image at all.\n" * 10, NOT_AN_IMAGE),
    (
        "svg",
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
        NOT_AN_IMAGE,
    ),
    ("gif", "logo.gif", None, NOT_AN_IMAGE),
    (
        "truncated png",
        "logo.png",
        "truncated",
        "Berkas logo rusak atau tidak lengkap; simpan ulang gambarnya lalu unggah berkas yang baru.",
    ),
    (
        "decompression bomb",
        "bomb.png",
        png_header_only(30000, 30000),
        "Logo memiliki terlalu banyak piksel; paling besar 4000 × 4000 piksel yang diterima.",
    ),
    (
        # Between Pillow's two limits it only warns; the warning is refused like the error.
        "decompression bomb warning",
        "bomb.png",
        png_header_only(10000, 9000),
        "Logo memiliki terlalu banyak piksel; paling besar 4000 × 4000 piksel yang diterima.",
    ),
    (
        "over 4000 px",
        "wide.png",
        png_header_only(4001, 10),
        "Ukuran logo 4001 × 10 piksel; paling besar 4000 × 4000 piksel yang diterima.",
    ),
]


@pytest.mark.parametrize(("case", "filename", "content", "reason"), INVALID, ids=[c[0] for c in INVALID])
def test_logo_upload_invalid_rejected_and_nothing_stored(
    committee_client, settings, case, filename, content, reason
):
    if content is None:
        content = image_bytes("GIF")
    elif content == "truncated":
        content = image_bytes("PNG", size=(400, 400), mode="RGB", compress_level=0)[:5000]

    response = committee_client.post(ADD_URL, office_form(SimpleUploadedFile(filename, content)))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"logo": [reason]}
    assert Office.objects.count() == 0
    assert stored_files(settings) == []


def test_logo_upload_error_in_english(committee_client, settings):
    response = committee_client.post(
        ADD_URL,
        office_form(SimpleUploadedFile("logo.png", b"not an image")),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.context["adminform"].form.errors == {
        "logo": [
            "The logo must be a PNG, JPEG or WebP image; this file is none of these (its name does not "
            "matter, its content does)."
        ]
    }
    assert stored_files(settings) == []


def test_logo_upload_over_2_mb_rejected(committee_client, settings):
    # Noise does not compress: a real PNG well over 2 MB but under 4000 × 4000 pixels.
    noise = Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * 11718 + bytes(192))
    out = io.BytesIO()
    noise.effect_spread(40).save(out, format="PNG", compress_level=0)
    assert out.tell() > 2 * 1024 * 1024

    response = committee_client.post(ADD_URL, office_form(SimpleUploadedFile("big.png", out.getvalue())))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["logo"] == ["Ukuran logo 2,9 MB; paling besar 2 MB yang diterima."]
    assert stored_files(settings) == []


def test_logo_exif_gps_stripped(committee_client, settings):
    upload = jpeg_with_gps()
    with Image.open(io.BytesIO(upload)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "S"

    response = committee_client.post(ADD_URL, office_form(SimpleUploadedFile("foto.jpg", upload)))

    assert response.status_code == 302
    office = Office.objects.get()
    data = office.logo.read()
    assert b"KameraKantor" not in data
    assert b"Exif" not in data
    assert b"eXIf" not in data
    with Image.open(office.logo.path) as stored:
        assert dict(stored.getexif()) == {}
        assert set(stored.info) <= {"dpi", "gamma"}


def test_logo_thumbnails_made_once_and_reused(settings):
    office = OfficeFactory()
    from offices.images import logo_clean

    office.logo.save("x.png", logo_clean(SimpleUploadedFile("x.png", image_bytes("PNG", size=(600, 300)))))

    url = office.logo_thumbnail_url(64)
    path = settings.MEDIA_ROOT / thumbnail_name(office.logo.name, 64)
    first_mtime = path.stat().st_mtime_ns
    again = office.logo_thumbnail_url(64)

    assert url == again == f"/media/{thumbnail_name(office.logo.name, 64)}"
    assert path.stat().st_mtime_ns == first_mtime
    with Image.open(path) as thumb:
        assert thumb.size == (64, 32)
    assert office.logo.url not in url


def test_logo_thumbnail_unknown_size_refused():
    office = OfficeFactory(logo="logos/abc.png")

    with pytest.raises(ValueError, match="unknown logo size 100"):
        office.logo_thumbnail_url(100)


def test_logo_thumbnail_url_without_logo_is_empty():
    assert OfficeFactory().logo_thumbnail_url(64) == ""


def test_logo_replaced_removes_old_file_and_thumbnails(committee_client, settings):
    committee_client.post(ADD_URL, office_form(SimpleUploadedFile("a.png", image_bytes("PNG"))))
    office = Office.objects.get()
    old = office.logo.name
    for size in THUMBNAIL_SIZES:
        office.logo_thumbnail_url(size)
    change_url = reverse("admin:offices_office_change", args=[office.pk])

    response = committee_client.post(
        change_url, office_form(SimpleUploadedFile("b.jpg", image_bytes("JPEG")), slug=office.slug)
    )

    assert response.status_code == 302
    office.refresh_from_db()
    assert office.logo.name != old
    assert stored_files(settings) == [office.logo.name]


def test_logo_missing_from_storage_gives_no_thumbnail(caplog):
    office = OfficeFactory(logo="logos/0123456789abcdef0123456789abcdef.png")

    assert office.logo_thumbnail_url(64) == ""
    assert caplog.messages == [
        "Logo logos/0123456789abcdef0123456789abcdef.png is missing or unreadable in the storage"
    ]
