"""The import and export pages of the admin speak Indonesian (django-import-export ships no
Indonesian; common/library_messages.py and locale/id carry its texts)."""

import gettext
import re
from pathlib import Path

import import_export
import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from awards.models import Ranking
from awards.resources import winner_list_file
from common.library_messages import LEFT_OUT, MESSAGES, PLURAL_MESSAGES
from judging.models import AccountMetrics
from offices.models import Channel
from tests.factories import AwardFactory, EventFactory, OfficeAccountFactory
from tests.spreadsheets import confirm, csv_bytes, upload

pytestmark = pytest.mark.django_db

ENGLISH = [
    "File to import",
    "This importer will import",
    "This exporter will export",
    "Submit",
    "Below is a preview",
    "Confirm import",
    "Import finished",
    "Skipped",
    "Some rows failed to validate",
    "Select all",
]
SPREADSHEET_ADMINS = ["awards_ranking", "offices_office", "judging_accountmetrics"]


@pytest.fixture
def indonesian(committee_client):
    committee_client.cookies["django_language"] = "id"
    return committee_client


def english_in(response) -> list[str]:
    text = response.content.decode()
    return [phrase for phrase in ENGLISH if phrase in text]


def row_kinds(preview) -> list[str]:
    """The first cell of each row of the preview: new, skipped, update."""
    return re.findall(r'<td class="import-type">\s*(.*?)\s*</td>', preview.content.decode())


def metrics_upload(client, rows: list[list]):
    formats = [f().get_title() for f in admin.site._registry[AccountMetrics].get_import_formats()]
    return client.post(
        reverse("admin:judging_accountmetrics_import"),
        {
            "resource": "0",
            "format": str(formats.index("csv")),
            "import_file": SimpleUploadedFile("metrik.csv", csv_bytes(rows)),
        },
    )


@pytest.mark.parametrize("model", SPREADSHEET_ADMINS)
def test_changelist_import_and_export_buttons_in_indonesian(indonesian, model):
    response = indonesian.get(reverse(f"admin:{model}_changelist"))

    text = response.content.decode()
    assert 'class="import_link">Impor</a>' in text
    assert 'class="export_link">Ekspor</a>' in text
    assert 'class="import_link">Import</a>' not in text


@pytest.mark.parametrize("model", SPREADSHEET_ADMINS)
def test_import_page_in_indonesian(indonesian, model):
    response = indonesian.get(reverse(f"admin:{model}_import"))

    assert response.status_code == 200
    assert response.context["title"] == "Impor"
    assert [str(field.label) for field in response.context["form"].visible_fields()] == [
        "Berkas yang akan diimpor",
        "Format",
    ]
    text = response.content.decode()
    assert "Kolom berikut akan diimpor:" in text
    assert 'value="Kirim"' in text
    assert english_in(response) == []


@pytest.mark.parametrize("model", SPREADSHEET_ADMINS)
def test_export_page_in_indonesian(indonesian, model):
    response = indonesian.get(reverse(f"admin:{model}_export"))

    assert response.status_code == 200
    assert response.context["title"] == "Ekspor"
    text = response.content.decode()
    assert "Kolom berikut akan diekspor:" in text
    assert 'value="Kirim"' in text
    assert english_in(response) == []


def test_metrics_export_page_select_all_in_indonesian(indonesian):
    response = indonesian.get(reverse("admin:judging_accountmetrics_export"))

    assert "Pilih semua" in response.content.decode()


def test_ranking_import_preview_and_result_in_indonesian(indonesian, demo):
    content = winner_list_file(Ranking.objects.filter(award__event=demo), "csv")

    preview = upload(indonesian, "awards_ranking", "pemenang.csv", content)
    done = confirm(indonesian, "awards_ranking", preview)

    text = preview.content.decode()
    assert "<h2>Pratinjau</h2>" in text
    assert "Berikut pratinjau data yang akan diimpor. Jika hasilnya sudah sesuai, klik" in text
    assert 'value="Konfirmasi impor"' in text
    assert row_kinds(preview) == ["Dilewati"] * 18
    assert english_in(preview) == []
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "Impor peringkat selesai: 0 baru, 0 diubah, 0 dihapus, dan 18 dilewati."
    ]


def test_office_import_preview_marks_new_rows_in_indonesian(indonesian):
    rows = [
        ["Nama", "Nama singkat", "Jenis instansi", "Instansi induk", "Slug"],
        ["Pelambuan", "", "Kelurahan", "", ""],
    ]

    preview = upload(indonesian, "offices_office", "instansi.csv", csv_bytes(rows))
    done = confirm(indonesian, "offices_office", preview)

    assert row_kinds(preview) == ["Baru"]
    assert english_in(preview) == []
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "Impor kantor selesai: 1 baru, 0 diubah, 0 dihapus, dan 0 dilewati."
    ]


def metrics_rows(event, account, posts):
    # The admin's own names of the measurements, in the secretary's language.
    header = [
        "evaluasi",
        "kantor",
        "kanal",
        "Pengikut di awal",
        "Pengikut di akhir",
        "Unggahan selama periode",
        "Suka",
    ]
    return [header, [event.slug, account.office.slug, "instagram", 10, 20, posts, 5]]


@pytest.fixture
def account():
    return OfficeAccountFactory(channel=Channel.objects.get(code="instagram"))


def test_metrics_import_preview_result_and_history_in_indonesian(indonesian, account):
    event = EventFactory()
    # Metrics count only for a channel one of the event's awards is tied to.
    AwardFactory(event=event, channel=account.channel)

    preview = metrics_upload(indonesian, metrics_rows(event, account, posts=3))
    done = confirm(indonesian, "judging_accountmetrics", preview)
    changed = metrics_upload(indonesian, metrics_rows(event, account, posts=4))
    confirm(indonesian, "judging_accountmetrics", changed)

    assert english_in(preview) == []
    assert (row_kinds(preview), row_kinds(changed)) == (["Baru"], ["Diubah"])
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "Impor metrik akun selesai: 1 baru, 0 diubah, 0 dihapus, dan 0 dilewati."
    ]
    metrics = AccountMetrics.objects.get()
    assert list(
        LogEntry.objects.filter(object_id=str(metrics.pk))
        .order_by("pk")
        .values_list("change_message", flat=True)
    ) == ["Ditambahkan melalui impor berkas", "Diubah melalui impor berkas"]


def test_metrics_import_with_an_unknown_account_explains_in_indonesian(indonesian, account):
    rows = metrics_rows(EventFactory(), account, posts=3)
    rows[1][2] = "website"  # the office has no website account

    response = metrics_upload(indonesian, rows)

    text = response.content.decode()
    assert "<h2>Berkas tidak dapat diimpor</h2>" in text
    assert "traceback" not in text.lower()
    assert f"Nomor baris: 1 - Kantor “{account.office.slug}” tidak memiliki akun di kanal “website”." in text
    assert english_in(response) == []


def test_metrics_import_with_a_wrong_value_explains_in_indonesian(indonesian, account):
    rows = metrics_rows(EventFactory(), account, posts=-5)

    response = metrics_upload(indonesian, rows)

    text = response.content.decode()
    assert "<h2>Beberapa baris tidak lolos validasi</h2>" in text
    assert "Perbaiki kesalahan tersebut pada data Anda bila memungkinkan" in text
    assert "<th>Baris</th>" in text
    assert "<th>Kesalahan</th>" in text
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 0." in text
    assert english_in(response) == []


def test_metrics_import_with_a_word_for_a_count_names_the_cell(indonesian, account):
    rows = metrics_rows(EventFactory(), account, posts="tiga")

    response = metrics_upload(indonesian, rows)

    text = response.content.decode()
    assert "“tiga” bukan bilangan bulat." in text
    assert "ConversionSyntax" not in text
    assert not AccountMetrics.objects.exists()


def test_metrics_import_of_an_empty_file_explains_in_indonesian(indonesian):
    response = metrics_upload(indonesian, [["evaluasi", "kantor", "kanal"]])

    assert response.context["form"].errors["import_file"] == [
        "Berkas tidak berisi baris di bawah baris judul kolom."
    ]


def test_library_messages_cover_every_text_of_the_library():
    # A newer django-import-export brings new texts: each must be listed, translated or not shown.
    catalog = Path(import_export.__file__).parent / "locale/de/LC_MESSAGES/django.mo"
    with catalog.open("rb") as mo:
        library = {key if isinstance(key, str) else key[0] for key in gettext.GNUTranslations(mo)._catalog}
    listed = set(MESSAGES) | {singular for singular, _ in PLURAL_MESSAGES} | set(LEFT_OUT)

    assert sorted(library - listed - {""}) == []


def test_library_messages_all_have_indonesian():
    with translation.override("id"):
        untranslated = [m for m in MESSAGES if translation.gettext(m) == m and m != "Format"]
        plurals = [translation.ngettext(singular, plural, 2) for singular, plural in PLURAL_MESSAGES]

    assert untranslated == []
    assert plurals == ["Ekspor %(len)s data yang dipilih."]
