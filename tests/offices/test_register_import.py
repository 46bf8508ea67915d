"""The city's office register imported over the demo data (issue 13)."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.utils import translation

from awards.models import Ranking
from awards.resources import RankingResource
from common.spreadsheets.importing import import_errors_text
from common.spreadsheets.readers import read_sheet
from offices.models import Office, OfficeAccount, OfficeKind
from offices.resources import OfficeResource
from offices.selectors import office_search
from tests.spreadsheets import confirm, csv_bytes, result_errors, upload

pytestmark = pytest.mark.django_db

KECAMATAN = {
    "Banjarmasin Utara": [
        "Alalak Utara", "Alalak Tengah", "Alalak Selatan", "Kuin Utara", "Pangeran", "Surgi Mufti",
        "Sungai Jingah", "Sungai Miai", "Antasan Kecil Timur", "Sungai Andai",
    ],
    "Banjarmasin Tengah": [
        "Antasan Besar", "Gadang", "Kelayan Luar", "Kertak Baru Ilir", "Kertak Baru Ulu", "Mawar",
        "Melayu", "Pasar Lama", "Pekapuran Laut", "Seberang Mesjid", "Sungai Baru", "Teluk Dalam",
    ],
    "Banjarmasin Barat": [
        "Belitung Selatan", "Belitung Utara", "Kuin Cerucuk", "Kuin Selatan", "Pelambuan",
        "Telaga Biru", "Telawang", "Teluk Tiram", "Basirih",
    ],
    "Banjarmasin Timur": [
        "Banua Anyar", "Karang Mekar", "Kebun Bunga", "Kuripan", "Pekapuran Raya", "Pemurus Luar",
        "Pengambangan", "Sungai Bilu", "Sungai Lulut",
    ],
    "Banjarmasin Selatan": [
        "Basirih Selatan", "Kelayan Barat", "Kelayan Dalam", "Kelayan Selatan", "Kelayan Tengah",
        "Kelayan Timur", "Mantuil", "Murung Raya", "Pekauman", "Pemurus Baru", "Pemurus Dalam",
        "Tanjung Pagar",
    ],
}  # fmt: skip
# (name, parent) as the register writes them.
SKPD = [
    ("Sekretariat Daerah", ""),
    ("Bagian Protokol dan Komunikasi Pimpinan", "Sekretariat Daerah"),
    ("Bagian Hukum", "Sekretariat Daerah"),
    ("Sekretariat DPRD", ""),
    ("Inspektorat", ""),
    ("Dinas Komunikasi, Informatika dan Statistik", ""),
    ("Dinas Kependudukan dan Pencatatan Sipil", ""),
    ("Dinas Kesehatan", ""),
    ("Dinas Kebudayaan dan Pariwisata", ""),
    ("Dinas Pendidikan", ""),
    ("Dinas Sosial", ""),
    ("Dinas Perhubungan", ""),
    ("Dinas Lingkungan Hidup", ""),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", ""),
    ("Dinas Perdagangan dan Perindustrian", ""),
    ("Dinas Pemuda dan Olahraga", ""),
    ("Dinas Ketahanan Pangan, Pertanian dan Perikanan", ""),
    ("Dinas Perumahan Rakyat dan Kawasan Permukiman", ""),
    ("Dinas Penanaman Modal dan PTSP", ""),
    ("Badan Perencanaan Pembangunan Daerah", ""),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", ""),
    ("Badan Kepegawaian dan Pengembangan SDM", ""),
    ("Satuan Polisi Pamong Praja", ""),
]
DEMO_KELURAHAN = [
    "Pelambuan", "Pekapuran Raya", "Basirih Selatan", "Belitung Utara", "Banua Anyar",
    "Sungai Lulut", "Kelayan Barat", "Belitung Selatan", "Sungai Baru",
]  # fmt: skip
HEADER = ["Nama", "Jenis instansi", "Instansi induk"]


def register_rows() -> list[list[str]]:
    """The city's register: 5 kecamatan, 52 kelurahan (written with their word), 23 SKPD; no
    short-name, slug or account columns."""
    rows = [[f"Kecamatan {kecamatan}", "SKPD", ""] for kecamatan in KECAMATAN]
    for kecamatan, kelurahan in KECAMATAN.items():
        rows += [[f"Kelurahan {name}", "Kelurahan", f"Kecamatan {kecamatan}"] for name in kelurahan]
    rows += [[name, "SKPD", parent] for name, parent in SKPD]
    return rows


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def register_file(fmt: str, rows: list[list]) -> bytes:
    return xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)


def offices_now() -> list[tuple[str, str, str]]:
    offices = Office.objects.select_related("parent").order_by("kind", "name")
    return [(o.display_name, o.kind_id, o.parent.display_name if o.parent else "") for o in offices]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_city_register_over_demo_matches_demo_offices_and_keeps_the_winner_list(
    committee_client, client, demo, fmt
):
    rows = register_rows()
    demo_offices = dict(Office.objects.values_list("name", "pk"))
    places_before = sorted(Ranking.objects.values_list("pk", "office_id"))
    winners = client.get("/events/evaluasi-smart-city-2021/pemenang.xlsx").content

    preview = upload(
        committee_client, "offices_office", f"instansi.{fmt}", register_file(fmt, [HEADER, *rows])
    )
    preview_errors = result_errors(preview)
    types = [row.import_type for row in preview.context["result"].rows]
    response = confirm(committee_client, "offices_office", preview)

    assert preview_errors == []
    # 65 new; the 9 demo kelurahan get their kecamatan; the 6 demo SKPD are as the file says.
    assert (len(rows), types.count("new"), types.count("update"), types.count("skip")) == (80, 65, 9, 6)
    assert response.status_code == 302
    assert sorted(offices_now()) == sorted((name, kind.lower(), parent) for name, kind, parent in rows)
    assert Office.objects.count() == 80
    # The demo's offices are the same rows: their places and their short name are theirs still.
    assert {name: Office.objects.get(name=name).pk for name in demo_offices} == demo_offices
    assert sorted(Ranking.objects.values_list("pk", "office_id")) == places_before
    assert Office.objects.get(name="Bagian Protokol dan Komunikasi Pimpinan").short_name == "Prokompim"
    assert [o.pk for o in office_search(text="Kelurahan Pelambuan")] == [demo_offices["Pelambuan"]]
    assert sorted(
        Office.objects.filter(kind=OfficeKind.KELURAHAN, pk__in=demo_offices.values()).values_list(
            "name", flat=True
        )
    ) == sorted(DEMO_KELURAHAN)

    # The demo's own winner list, downloaded before, goes back in unchanged.
    result = RankingResource().import_data(read_sheet(winners, "xlsx"), dry_run=False)

    assert import_errors_text(result) == ""
    assert [row.import_type for row in result.rows] == ["skip"] * 18
    assert sorted(Ranking.objects.values_list("pk", "office_id")) == places_before


def test_register_with_misspelt_parent_column_is_refused_and_writes_nothing(committee_client, demo):
    before = offices_now()
    rows = [["Nama", "Jenis instansi", "Induk instansi"], *register_rows()]

    committee_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    preview = upload(committee_client, "offices_office", "instansi.xlsx", xlsx_bytes(rows))

    assert preview.context["result"].base_errors[0].error.args == (
        "Unknown columns: “Induk instansi”. Nothing was imported. The columns are: Name, Short name, "
        "Office kind, Parent office, Slug, Website, Instagram, Facebook.",
    )
    assert "confirm_form" not in preview.context
    assert offices_now() == before


def test_file_without_optional_columns_leaves_their_fields_alone():
    setda = Office.objects.create(name="Sekretariat Daerah", kind_id=OfficeKind.SKPD)
    prokompim = Office.objects.create(
        name="Bagian Protokol dan Komunikasi Pimpinan",
        short_name="Prokompim",
        kind_id=OfficeKind.SKPD,
        parent=setda,
    )
    prokompim.accounts.create(channel_id=1, handle="@prokompimbjm")
    Office.objects.filter(pk=prokompim.pk).update(is_active=False)
    rows = [["Nama", "Jenis instansi"], ["bagian protokol dan komunikasi  pimpinan", "SKPD"]]

    result = OfficeResource().import_data(read_sheet(csv_bytes(rows), "csv"), dry_run=False)

    assert import_errors_text(result) == ""
    prokompim.refresh_from_db()
    assert (prokompim.name, prokompim.short_name, prokompim.parent, prokompim.is_active) == (
        "bagian protokol dan komunikasi pimpinan",
        "Prokompim",
        setda,
        False,
    )
    assert list(OfficeAccount.objects.values_list("office__short_name", "handle")) == [
        ("Prokompim", "@prokompimbjm")
    ]


def test_rename_by_slug_onto_a_taken_name_is_a_row_error_at_preview(committee_client):
    Office.objects.create(name="Dinas Kesehatan", kind_id=OfficeKind.SKPD, slug="dinkes")
    Office.objects.create(name="Dinas Sosial", kind_id=OfficeKind.SKPD, slug="dinsos")
    rows = [["Nama", "Jenis instansi", "Slug"], ["Dinas Kesehatan", "SKPD", "dinsos"]]

    committee_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    preview = upload(committee_client, "offices_office", "instansi.csv", csv_bytes(rows))
    with translation.override("en"):
        errors = result_errors(preview)

    assert errors == ["Row 2, column “Name”: Another office (dinkes) is already called “Dinas Kesehatan”."]
    assert "confirm_form" not in preview.context
    assert sorted(Office.objects.values_list("slug", "name")) == [
        ("dinkes", "Dinas Kesehatan"),
        ("dinsos", "Dinas Sosial"),
    ]


def test_rename_by_slug_keeps_the_old_name_and_a_former_name_matches_without_renaming_back():
    office = Office.objects.create(name="Dinas Sosial", kind_id=OfficeKind.SKPD, slug="dinsos")
    header = ["Nama", "Jenis instansi", "Slug", "Nama singkat"]

    renamed = OfficeResource().import_data(
        read_sheet(csv_bytes([header, ["Dinas Sosial dan Pemberdayaan", "SKPD", "dinsos", ""]]), "csv")
    )
    old_list = OfficeResource().import_data(
        read_sheet(csv_bytes([header, ["DINAS SOSIAL", "SKPD", "", "Dinsos"]]), "csv")
    )

    assert (import_errors_text(renamed), import_errors_text(old_list)) == ("", "")
    office.refresh_from_db()
    assert (office.name, office.short_name, Office.objects.count()) == (
        "Dinas Sosial dan Pemberdayaan",
        "Dinsos",
        1,
    )
    assert list(office.former_names.values_list("name", flat=True)) == ["Dinas Sosial"]
