import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from common.spreadsheets.importing import import_errors_text
from common.spreadsheets.readers import read_sheet
from offices.models import Channel, Office, OfficeAccount, OfficeKind
from offices.resources import OfficeResource, office_register_file
from tests.factories import make_committee_member
from tests.spreadsheets import confirm, csv_bytes, result_errors, upload

pytestmark = pytest.mark.django_db

HEADER = [
    "Nama",
    "Nama singkat",
    "Jenis instansi",
    "Instansi induk",
    "Slug",
    "Website",
    "Instagram",
    "Facebook",
]
REGISTER = [
    HEADER,
    [
        "Bagian Protokol dan Komunikasi Pimpinan",
        "Prokompim",
        "SKPD",
        "Sekretariat Daerah",
        "",
        "",
        "@prokompimbjm",
        "",
    ],
    ["Sekretariat Daerah", "", "skpd", "", "", "https://setda.banjarmasinkota.go.id", "", ""],
    ["Pelambuan", "", "Kelurahan", "", "", "", "", ""],
]


def register():
    offices = Office.objects.select_related("parent").order_by("name")
    return [(o.name, o.short_name, o.kind_id, o.parent.name if o.parent else None, o.slug) for o in offices]


def accounts():
    return sorted(OfficeAccount.objects.values_list("office__name", "channel__code", "handle"))


def test_import_register_with_parent_later_in_file_and_accounts(committee_client):
    preview = upload(committee_client, "offices_office", "instansi.csv", csv_bytes(REGISTER))

    assert result_errors(preview) == []
    assert [r.import_type for r in preview.context["result"].rows] == ["new", "new", "new"]
    assert Office.objects.count() == 0
    response = confirm(committee_client, "offices_office", preview)

    assert response.status_code == 302
    assert register() == [
        (
            "Bagian Protokol dan Komunikasi Pimpinan",
            "Prokompim",
            "skpd",
            "Sekretariat Daerah",
            "bagian-protokol-dan-komunikasi-pimpinan",
        ),
        ("Pelambuan", "", "kelurahan", None, "kelurahan-pelambuan"),
        ("Sekretariat Daerah", "", "skpd", None, "sekretariat-daerah"),
    ]
    assert accounts() == [
        ("Bagian Protokol dan Komunikasi Pimpinan", "instagram", "@prokompimbjm"),
        ("Sekretariat Daerah", "website", "https://setda.banjarmasinkota.go.id"),
    ]


def test_existing_office_matched_by_name_ignoring_case_and_spaces():
    office = Office.objects.create(name="Dinas Kesehatan", kind_id=OfficeKind.SKPD)
    rows = [HEADER, ["  dinas   KESEHATAN ", "Dinkes", "SKPD", "", "", "", "@dinkesbjm", ""]]

    result = OfficeResource().import_data(read_sheet(csv_bytes(rows), "csv"), dry_run=False)

    assert import_errors_text(result) == ""
    assert [r.import_type for r in result.rows] == ["update"]
    office.refresh_from_db()
    assert (Office.objects.count(), office.name, office.short_name) == (1, "dinas KESEHATAN", "Dinkes")
    assert accounts() == [("dinas KESEHATAN", "instagram", "@dinkesbjm")]


def test_reimport_of_exported_register_changes_nothing():
    OfficeResource().import_data(read_sheet(csv_bytes(REGISTER), "csv"), dry_run=False)
    before = (register(), accounts())

    content = office_register_file(Office.objects.all(), "xlsx")
    result = OfficeResource().import_data(read_sheet(content, "xlsx"), dry_run=False)

    assert [r.import_type for r in result.rows] == ["skip", "skip", "skip"]
    assert (register(), accounts()) == before


def test_bad_rows_reported_and_nothing_written():
    rows = [
        HEADER,
        ["Dinas Kesehatan", "", "Kecamatan", "", "", "", "", ""],
        ["", "", "SKPD", "", "", "", "", ""],
        ["Dinas Pendidikan", "", "SKPD", "Dinas Rahasia", "", "", "", ""],
        ["Dinas Pendidikan", "", "SKPD", "", "", "", "", ""],
        ["Pelambuan", "", "Kelurahan", "Kelurahan Pelambuan", "", "", "", ""],
        ["Dinas Sosial", "", "SKPD", "", "Dinas Sosial!", "", "", ""],
    ]

    with translation.override("en"):
        result = OfficeResource().import_data(read_sheet(csv_bytes(rows), "csv"), dry_run=False)
        errors = import_errors_text(result).splitlines()

    assert errors == [
        "Row 2, column “Office kind”: Unknown office kind “Kecamatan”; use SKPD or Kelurahan.",
        "Row 3, column “Name”: A name is needed.",
        "Row 4, column “Parent office”: No office “Dinas Rahasia”; add it to the offices first.",
        "Row 5, column “Name”: This office is already in row 4.",
        "Row 6, column “Parent office”: An office cannot be its parent.",
        "Row 7, column “Slug”: “dinas sosial!” is not a valid slug.",
    ]
    assert Office.objects.count() == 0


def test_register_export_formula_names_stay_text(committee_client):
    Office.objects.create(name='=HYPERLINK("http://x","y")', kind_id=OfficeKind.SKPD)
    website = Channel.objects.get(code="website")
    OfficeAccount.objects.create(office=Office.objects.get(), channel=website, handle="@bjm")

    response = committee_client.post(reverse("admin:offices_office_export"), {"format": "1", "resource": "0"})

    assert response["Content-Disposition"] == 'attachment; filename="instansi.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        HEADER,
        ['\'=HYPERLINK("http://x","y")', "", "SKPD", "", "hyperlinkhttpxy", "'@bjm", "", ""],
    ]


@pytest.mark.parametrize("count", [5, 25])
def test_register_export_xlsx_in_fixed_queries(committee_client, django_assert_num_queries, count):
    for n in range(count):
        Office.objects.create(name=f"Dinas {n}", kind_id=OfficeKind.SKPD)

    # Session, user, permissions (2), the kind and parent filters of the list, then channels,
    # offices with their kinds and parents, accounts.
    with django_assert_num_queries(9):
        response = committee_client.post(
            reverse("admin:offices_office_export"), {"format": "0", "resource": "0"}
        )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.max_row == count + 1


def test_office_import_and_export_need_their_permissions(client):
    user = make_committee_member(username="hanya-lihat")
    user.groups.clear()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="offices").exclude(
            codename__in=["import_office", "export_office"]
        )
    )
    client.force_login(user)

    statuses = [
        client.get(reverse("admin:offices_office_import")).status_code,
        client.get(reverse("admin:offices_office_export")).status_code,
        client.get(reverse("admin:offices_office_changelist")).status_code,
    ]

    assert statuses == [403, 403, 200]
