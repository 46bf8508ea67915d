"""The official documents from the event's admin page, and the committee's own templates uploaded
on the government's page."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from awards.models import EvaluationEvent
from offices.models import Government, Office, TimeZone
from results.services import event_publish, event_withdraw
from tests.awards.conftest import make_big_data
from tests.documents.official_data import docx_text, docx_with
from tests.factories import EventFactory
from tests.helpers import DEMO_SLUG, login_verified
from tests.results.official.shapes import ppid_with_three_mentions

pytestmark = pytest.mark.django_db

PPID_WINNERS = [
    *(f"Dinas Sleman {n}" for n in range(1, 7)),
    "Kalurahan Caturtunggal",
    "Dinas Sleman 7",
    "Dinas Sleman 8",
]


def official_url(event, kind="sk-annex", fmt="docx", number=None) -> str:
    if number is None:
        return reverse(
            "admin:awards_evaluationevent_official", kwargs={"pk": event.pk, "kind": kind, "fmt": fmt}
        )
    return reverse(
        "admin:awards_evaluationevent_version_official",
        kwargs={"pk": event.pk, "number": number, "kind": kind, "fmt": fmt},
    )


@pytest.fixture
def ppid(db):
    return ppid_with_three_mentions()


def test_anonymous_is_sent_to_sign_in(client, ppid):
    response = client.get(official_url(ppid))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_the_export_permission_is_refused(client, ppid):
    user = get_user_model().objects.create_user("tamu", password="rahasia-tamu-2021", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_evaluationevent"))
    login_verified(client, user)

    assert client.get(official_url(ppid)).status_code == 403
    assert client.get(official_url(ppid, "berita-acara", "pdf")).status_code == 403


@pytest.mark.parametrize("kind", ["sk-annex", "berita-acara"])
def test_committee_downloads_the_docx_with_every_winner(committee_client, ppid, kind):
    response = committee_client.get(official_url(ppid, kind, "docx"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{kind}-kip-sleman-2019-v1.docx"'
    lines = docx_text(response.content).split("\n")
    assert [line for line in lines if line in PPID_WINNERS] == PPID_WINNERS


@pytest.mark.parametrize("kind", ["sk-annex", "berita-acara"])
def test_committee_downloads_the_pdf_with_every_winner(committee_client, ppid, kind):
    response = committee_client.get(official_url(ppid, kind, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert [line.strip() for line in text.splitlines() if line.strip() in PPID_WINNERS] == PPID_WINNERS


def test_an_earlier_version_prints_as_it_was_published(committee_client, ppid):
    Office.objects.filter(name="Dinas Sleman 1").update(name="Dinas Kominfo Sleman")
    event_publish(event=ppid, reason="Nama dinas berubah")

    first = committee_client.get(official_url(ppid, "sk-annex", "docx", number=1))
    current = committee_client.get(official_url(ppid, "sk-annex", "docx"))

    assert first["Content-Disposition"] == 'attachment; filename="sk-annex-kip-sleman-2019-v1.docx"'
    assert current["Content-Disposition"] == 'attachment; filename="sk-annex-kip-sleman-2019-v2.docx"'
    assert "1\nDinas Sleman 1\nJuara 1" in docx_text(first.content)
    assert "1\nDinas Kominfo Sleman\nJuara 1" in docx_text(current.content)


def test_a_draft_and_an_unknown_document_are_not_found(committee_client, ppid):
    draft = EventFactory()

    assert committee_client.get(official_url(draft)).status_code == 404
    assert committee_client.get(official_url(ppid, number=7)).status_code == 404
    assert committee_client.get(official_url(ppid, kind="piagam")).status_code == 404
    assert committee_client.get(official_url(ppid, fmt="odt")).status_code == 404


def test_a_withdrawn_version_has_no_documents(committee_client, ppid):
    event_withdraw(event=ppid, reason="Data peserta keliru")

    response = committee_client.get(official_url(ppid), follow=True)

    assert response.redirect_chain[0][0] == reverse("admin:awards_evaluationevent_change", args=[ppid.pk])
    assert [str(m) for m in response.context["messages"]] == [
        "Versi 1 ditarik: tidak ada dokumen resmi untuknya."
    ]


def test_the_event_page_offers_the_four_documents(committee_client, ppid):
    response = committee_client.get(reverse("admin:awards_evaluationevent_change", args=[ppid.pk]))

    links = re.findall(r'href="([^"]*/official/[^"]*)"', response.content.decode())
    assert links == [
        *(official_url(ppid, kind, fmt) for kind in ("sk-annex", "berita-acara") for fmt in ("docx", "pdf")),
        reverse("admin:awards_evaluationevent_officials", args=[ppid.pk]),
    ]


def test_a_draft_offers_no_documents(committee_client):
    draft = EventFactory()

    response = committee_client.get(reverse("admin:awards_evaluationevent_change", args=[draft.pk]))

    assert "/official/" not in response.content.decode()


def test_every_version_is_listed_with_its_documents(committee_client, ppid):
    Office.objects.filter(name="Dinas Sleman 1").update(name="Dinas Kominfo Sleman")
    event_publish(event=ppid, reason="Nama dinas berubah")

    response = committee_client.get(reverse("admin:awards_evaluationevent_officials", args=[ppid.pk]))

    assert response.status_code == 200
    table = response.content.decode().split('id="official-documents"')[1].split("</table>")[0]
    assert re.findall(r'href="([^"]*)"', table) == [
        official_url(ppid, kind, fmt, number=number)
        for number in (2, 1)
        for kind in ("sk-annex", "berita-acara")
        for fmt in ("docx", "pdf")
    ]


def test_the_versions_page_needs_the_export_permission(client, ppid):
    user = get_user_model().objects.create_user("tamu", password="rahasia-tamu-2021", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_evaluationevent"))
    login_verified(client, user)

    assert client.get(reverse("admin:awards_evaluationevent_officials", args=[ppid.pk])).status_code == 403


# --- query budgets: literal, the same at two data sizes


@pytest.fixture(params=["seed", "big"])
def published(request, db) -> EvaluationEvent:
    if request.param == "seed":
        call_command("load_demo", stdout=io.StringIO())
        return EvaluationEvent.objects.get(slug=DEMO_SLUG)
    return make_big_data()


@pytest.mark.parametrize(("kind", "fmt"), [("sk-annex", "docx"), ("berita-acara", "pdf")])
def test_download_fixed_queries(committee_client, django_assert_num_queries, published, kind, fmt):
    url = official_url(published, kind, fmt)
    committee_client.get(url)

    # Session, user, permissions (2), the current version with its event, its awards, categories
    # and places (one query of LEFT JOINs), its signatories, the government.
    with django_assert_num_queries(8):
        response = committee_client.get(url)

    assert response.status_code == 200


def test_versions_page_fixed_queries(committee_client, django_assert_num_queries, published):
    url = reverse("admin:awards_evaluationevent_officials", args=[published.pk])
    committee_client.get(url)

    with django_assert_num_queries(7):
        response = committee_client.get(url)

    assert len(response.context["rows"]) == 1


# --- the committee's own templates


def government_form(**files) -> dict:
    return {
        "name": "Kabupaten Kulon Progo",
        "level": "kabupaten",
        "heading": "",
        "head_title": "Bupati",
        "head_name": "Agung Setyawan",
        "time_zone": TimeZone.WIB,
        "site_name": "",
        "footer": "",
        "public_address": "",
        **files,
    }


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_own_template_is_kept_and_used_for_the_docx(admin_client, ppid):
    template = docx_with(
        "KOP SURAT {{ government.heading }}",
        "{%p for section in sections %}",
        "{%p for row in section.rows %}",
        "{{ row.number }}. {{ row.office }} — {{ row.place }}",
        "{%p endfor %}",
        "{%p endfor %}",
    )

    saved = admin_client.post(
        reverse("admin:offices_government_change", args=[1]),
        government_form(sk_annex_template=upload("lampiran.docx", template)),
    )
    response = admin_client.get(official_url(ppid))

    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert Government.objects.get().sk_annex_template.name.endswith(".docx")
    lines = docx_text(response.content).split("\n")
    assert lines[0] == "KOP SURAT PEMERINTAH KABUPATEN KULON PROGO"
    assert lines[1:4] == [
        "1. Dinas Sleman 1 — Juara 1",
        "2. Dinas Sleman 2 — Juara 2",
        "3. Dinas Sleman 3 — Juara 3",
    ]
    assert lines[4] == "4. Dinas Sleman 4 — Harapan 1"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7", "Berkas ini bukan dokumen Word (DOCX), atau rusak."),
        (
            docx_with("{{ ''.__class__.__mro__ }}"),
            "“{{ ''.__class__.__mro__ }}” (paragraf 1: “{{ ''.__class__.__mro__ }}”): nama yang diawali “_” "
            "menjangkau objek Python dan ditolak.",
        ),
        (
            docx_with("Nomor {{ nomor_sk }}"),
            "“{{ nomor_sk }}” (paragraf 1: “Nomor {{ nomor_sk }}”): "
            "“nomor_sk” bukan placeholder yang dikenal dokumen ini.",
        ),
    ],
)
def test_a_broken_upload_is_refused_with_its_problem_and_nothing_is_saved(admin_client, content, message):
    response = admin_client.post(
        reverse("admin:offices_government_change", args=[1]),
        government_form(minutes_template=upload("berita-acara.docx", content)),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"minutes_template": [message]}
    assert Government.objects.get().name == "Kota Banjarmasin"
    assert not Government.objects.get().minutes_template


@pytest.mark.parametrize(
    "placeholder",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% for x in [].__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
        "{{ government.items }}",
    ],
)
def test_a_hostile_template_that_escaped_the_upload_check_gives_a_message_not_a_500(
    committee_client, ppid, placeholder
):
    government = Government.objects.get()
    government.minutes_template.save("x.docx", ContentFile(docx_with(placeholder)))

    response = committee_client.get(official_url(ppid, "berita-acara", "docx"), follow=True)

    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Templat Anda sendiri untuk berita acara tidak dapat dipakai:")
    assert "<class" not in message and "subclasses" not in message.split(":", 1)[0]


def test_docx_opens_in_python_docx(committee_client, ppid):
    response = committee_client.get(official_url(ppid, "berita-acara", "docx"))

    assert Document(io.BytesIO(response.content)).paragraphs[0].text == "PEMERINTAH KOTA BANJARMASIN"


def test_a_template_lost_from_the_storage_gives_a_message(committee_client, ppid):
    Government.objects.filter(pk=1).update(sk_annex_template="templates/hilang.docx")

    response = committee_client.get(official_url(ppid), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Templat Anda sendiri untuk lampiran SK tidak dapat dipakai: Berkas yang diunggah tidak ada di "
        "penyimpanan. Unggah templat yang sudah diperbaiki di halaman pemerintah daerah, atau hapus templat "
        "itu agar templat bawaan dipakai."
    ]
