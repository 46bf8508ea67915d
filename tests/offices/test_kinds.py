"""Office kinds are data (issue 13): the committee adds Kapanewon, Kalurahan, … without code."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation

from common.spreadsheets.importing import import_errors_text
from common.spreadsheets.readers import read_sheet
from offices.models import Office, OfficeKind
from offices.resources import OfficeResource
from offices.selectors import office_search
from tests.factories import OfficeFactory
from tests.spreadsheets import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["Nama", "Nama singkat", "Jenis instansi", "Instansi induk", "Slug"]


@pytest.fixture
def sleman():
    """The kinds of a regency in Yogyakarta, added as the committee would."""
    return {
        "kapanewon": OfficeKind.objects.create(
            code="kapanewon", name="Kapanewon", prefix="Kapanewon", order=30
        ),
        "kalurahan": OfficeKind.objects.create(
            code="kalurahan", name="Kalurahan", prefix="Kalurahan", order=40
        ),
        "opd": OfficeKind.objects.create(code="opd", name="OPD", prefix="", order=5),
    }


def test_migration_makes_skpd_and_kelurahan():
    kinds = list(OfficeKind.objects.values_list("code", "name", "prefix", "order"))

    assert kinds == [("skpd", "SKPD", "", 10), ("kelurahan", "Kelurahan", "Kelurahan", 20)]


def test_new_kind_with_a_word_prints_it_before_the_name(sleman):
    office = Office.objects.create(name="Gamping", kind=sleman["kapanewon"])

    office = Office.objects.get(pk=office.pk)
    assert (office.kind_id, office.name, office.display_name, office.slug) == (
        "kapanewon",
        "Gamping",
        "Kapanewon Gamping",
        "kapanewon-gamping",
    )


def test_kind_without_a_word_prints_the_bare_name(sleman):
    office = Office.objects.create(name="Dinas Pariwisata", kind=sleman["opd"])

    assert (office.name, office.display_name) == ("Dinas Pariwisata", "Dinas Pariwisata")


def test_name_given_with_its_kinds_word_is_stored_without_it_and_printed_once(sleman):
    office = Office.objects.create(name="Kalurahan  Caturtunggal", kind=sleman["kalurahan"])

    office.refresh_from_db()
    assert (office.name, office.display_name, str(office)) == (
        "Caturtunggal",
        "Kalurahan Caturtunggal",
        "Kalurahan Caturtunggal",
    )


def test_search_with_the_kinds_word_from_data_finds_the_office(sleman):
    OfficeFactory(name="Caturtunggal", kind=sleman["kalurahan"])
    OfficeFactory(name="Condongcatur", kind=sleman["kalurahan"])
    OfficeFactory(name="Gamping", kind=sleman["kapanewon"])

    found = [o.display_name for o in office_search(text="Kalurahan Caturtunggal")]

    assert found == ["Kalurahan Caturtunggal"]


def test_search_lists_offices_by_the_kinds_order(sleman):
    OfficeFactory(name="Caturtunggal", kind=sleman["kalurahan"])
    OfficeFactory(name="Gamping", kind=sleman["kapanewon"])
    OfficeFactory(name="Dinas Kesehatan", kind="skpd")
    OfficeFactory(name="Pelambuan", kind="kelurahan")
    OfficeFactory(name="Dinas Pariwisata", kind=sleman["opd"])

    found = [(o.kind.name, o.display_name) for o in office_search()]

    assert found == [
        ("OPD", "Dinas Pariwisata"),
        ("SKPD", "Dinas Kesehatan"),
        ("Kelurahan", "Kelurahan Pelambuan"),
        ("Kapanewon", "Kapanewon Gamping"),
        ("Kalurahan", "Kalurahan Caturtunggal"),
    ]


def test_public_list_offers_and_filters_by_the_kinds_from_data(client, sleman):
    OfficeFactory(name="Gamping", kind=sleman["kapanewon"])
    OfficeFactory(name="Pelambuan", kind="kelurahan")

    response = client.get(reverse("offices:office-list"), {"kind": "kapanewon"})

    assert [k.name for k in response.context["kinds"]] == [
        "OPD",
        "SKPD",
        "Kelurahan",
        "Kapanewon",
        "Kalurahan",
    ]
    assert [o.display_name for o in response.context["offices"]] == ["Kapanewon Gamping"]
    assert '<p class="muted">Kapanewon</p>' in response.content.decode()


def test_factory_takes_a_code_or_a_kind(sleman):
    by_code = OfficeFactory(name="Gamping", kind="kapanewon")
    by_row = OfficeFactory(name="Depok", kind=sleman["kapanewon"])
    made = OfficeFactory(name="Sukamaju", kind="desa")

    assert [(o.kind_id, o.display_name) for o in (by_code, by_row, made)] == [
        ("kapanewon", "Kapanewon Gamping"),
        ("kapanewon", "Kapanewon Depok"),
        ("desa", "Desa Sukamaju"),
    ]
    # A kind the factory makes prints its name before its offices', as Desa does.
    assert OfficeKind.objects.filter(code="desa").values_list("name", "prefix").get() == ("Desa", "Desa")


def test_committee_member_adds_a_kind_in_the_admin(committee_client, committee_member):
    response = committee_client.post(
        reverse("admin:offices_officekind_add"),
        {"name": "Kapanewon", "code": "kapanewon", "prefix": "Kapanewon", "order": "30"},
    )

    assert response.status_code == 302
    assert list(OfficeKind.objects.filter(code="kapanewon").values_list("name", "prefix", "order")) == [
        ("Kapanewon", "Kapanewon", 30)
    ]
    assert LogEntry.objects.get().user == committee_member
    assert all(
        committee_member.has_perm(f"offices.{action}_officekind") for action in ("add", "change", "view")
    )


def test_admin_refuses_a_second_kind_of_the_same_name_in_any_case(committee_client):
    response = committee_client.post(
        reverse("admin:offices_officekind_add"),
        {"name": "kelurahan", "code": "kel", "prefix": "", "order": "0"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "An office kind with this name already exists."
    ]
    assert OfficeKind.objects.count() == 2


def test_kind_list_shows_how_many_offices_each_has(committee_client):
    OfficeFactory(name="Pelambuan", kind="kelurahan")
    OfficeFactory(name="Mawar", kind="kelurahan")
    OfficeFactory(name="Dinas Kesehatan", kind="skpd")

    response = committee_client.get(reverse("admin:offices_officekind_changelist"))

    rows = [(k.name, k.office_count) for k in response.context["cl"].result_list]
    assert rows == [("SKPD", 1), ("Kelurahan", 2)]


def test_deleting_a_kind_in_use_is_refused(committee_client):
    office = OfficeFactory(name="Pelambuan", kind="kelurahan")
    kind = OfficeKind.objects.get(code="kelurahan")

    with translation.override("en"):
        response = committee_client.post(
            reverse("admin:offices_officekind_delete", args=[kind.pk]),
            {"post": "yes"},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 200
    assert len(response.context["protected"]) == 1
    assert str(office) in str(response.context["protected"][0])
    assert "would require deleting the following protected related objects" in response.content.decode()
    assert OfficeKind.objects.filter(code="kelurahan").exists()


def test_office_admin_filters_by_kind_and_shows_its_name(committee_client, sleman):
    OfficeFactory(name="Gamping", kind=sleman["kapanewon"])
    OfficeFactory(name="Pelambuan", kind="kelurahan")

    response = committee_client.get(
        reverse("admin:offices_office_changelist"), {"kind__code__exact": "kapanewon"}
    )

    assert [o.display_name for o in response.context["cl"].result_list] == ["Kapanewon Gamping"]
    assert '<td class="field-kind nowrap">Kapanewon</td>' in response.content.decode()


def test_register_import_with_kinds_from_data(sleman):
    OfficeFactory(name="Gamping", kind=sleman["kapanewon"], slug="gamping")
    rows = [
        HEADER,
        ["Kapanewon Gamping", "", "kapanewon", "", ""],
        ["Kalurahan Ambarketawang", "", "Kalurahan", "Kapanewon Gamping", ""],
        ["Balecatur", "", "KALURAHAN", "Gamping", ""],
        ["Dinas Pariwisata", "", "opd", "", ""],
        ["Dinas Kesehatan", "", "SKPD", "", ""],
    ]

    result = OfficeResource().import_data(read_sheet(csv_bytes(rows), "csv"), dry_run=False)

    assert import_errors_text(result) == ""
    assert [r.import_type for r in result.rows] == ["skip", "new", "new", "new", "new"]
    offices = Office.objects.select_related("kind", "parent__kind").order_by("kind__order", "name")
    assert [(o.display_name, o.kind_id, o.parent.display_name if o.parent else "") for o in offices] == [
        ("Dinas Pariwisata", "opd", ""),
        ("Dinas Kesehatan", "skpd", ""),
        ("Kapanewon Gamping", "kapanewon", ""),
        ("Kalurahan Ambarketawang", "kalurahan", "Kapanewon Gamping"),
        ("Kalurahan Balecatur", "kalurahan", "Kapanewon Gamping"),
    ]
    assert Office.objects.get(slug="gamping").name == "Gamping"


def test_register_import_names_the_known_kinds_for_an_unknown_one(sleman):
    rows = [HEADER, ["Sukamaju", "", "Desa", "", ""], ["Gamping", "", "Kapanewon", "", ""]]

    with translation.override("en"):
        result = OfficeResource().import_data(read_sheet(csv_bytes(rows), "csv"), dry_run=False)
        errors = import_errors_text(result).splitlines()

    assert errors == [
        "Row 2, column “Office kind”: Unknown office kind “Desa”; use OPD or SKPD or Kelurahan or "
        "Kapanewon or Kalurahan."
    ]
    assert Office.objects.count() == 0
