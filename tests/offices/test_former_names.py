import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from awards.models import Ranking
from offices.models import Office, OfficeFormerName, OfficeKind
from offices.services import office_save
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

DISKOMINFO = "Dinas Komunikasi, Informatika dan Statistik"


def change_office(client, office: Office, **changes):
    data = {
        "name": office.name,
        "short_name": office.short_name,
        "kind": office.kind_id,
        "slug": office.slug,
        "parent": office.parent_id or "",
        "is_active": "on" if office.is_active else "",
        "former_names-TOTAL_FORMS": "0",
        "former_names-INITIAL_FORMS": "0",
        "accounts-TOTAL_FORMS": "0",
        "accounts-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return client.post(reverse("admin:offices_office_change", args=[office.pk]), data)


def former_names(office: Office) -> list[tuple[str, int | None]]:
    return list(office.former_names.values_list("name", "until_year"))


def test_rename_in_admin_keeps_old_name_and_places(committee_client, demo):
    office = Office.objects.get(name=DISKOMINFO)
    places = list(Ranking.objects.filter(office=office).values_list("pk", flat=True))

    response = change_office(committee_client, office, name="Dinas Komunikasi dan Informatika")

    assert response.status_code == 302
    office.refresh_from_db()
    year = timezone.localdate().year
    assert (office.name, former_names(office)) == ("Dinas Komunikasi dan Informatika", [(DISKOMINFO, year)])
    assert list(Ranking.objects.filter(office=office).values_list("pk", flat=True)) == places
    assert len(places) == 2
    assert Office.objects.count() == 15
    # The audit trail records who renamed it.
    assert office.history.first().history_user.username == "sekretaris"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", f"Formerly: {DISKOMINFO} (until 2022); Kantor Informasi dan Komunikasi"),
        ("id", f"Dahulu: {DISKOMINFO} (sampai 2022); Kantor Informasi dan Komunikasi"),
    ],
)
def test_office_page_lists_former_names(client, lang, text):
    office = OfficeFactory(name="Dinas Komunikasi dan Informatika", slug="diskominfo")
    OfficeFormerName.objects.create(office=office, name=DISKOMINFO, until_year=2022)
    OfficeFormerName.objects.create(office=office, name="Kantor Informasi dan Komunikasi")

    with translation.override(lang):
        page = client.get(office.get_absolute_url()).content.decode()

    assert re.search(r'<p class="muted former-names">(.*?)</p>', page).group(1) == text


def test_office_search_finds_an_office_by_its_former_name(client):
    office = OfficeFactory(name="Dinas Komunikasi dan Informatika")
    OfficeFactory(name="Dinas Kesehatan")
    office.name = "Dinas Kominfo"
    office_save(office=office)

    response = client.get(reverse("offices:office-list"), {"q": "komunikasi dan informatika"})

    assert [o.name for o in response.context["offices"]] == ["Dinas Kominfo"]


def test_rename_back_drops_the_former_name_and_spacing_is_no_rename():
    office = OfficeFactory(name="Dinas Sosial")

    office.name = "Dinas Sosial dan Pemberdayaan"
    office_save(office=office)
    renamed = former_names(office)
    office.name = "dinas  SOSIAL"
    office_save(office=office)
    back = former_names(office)
    office.name = "Dinas Sosial"
    office_save(office=office)

    year = timezone.localdate().year
    assert renamed == [("Dinas Sosial", year)]
    assert back == [("Dinas Sosial dan Pemberdayaan", year)]
    assert former_names(office) == [("Dinas Sosial dan Pemberdayaan", year)]


def test_kelurahan_former_name_is_stored_without_its_word(committee_client):
    office = OfficeFactory(name="Sungai Baru", kind=OfficeKind.KELURAHAN)

    response = change_office(
        committee_client,
        office,
        **{
            "former_names-TOTAL_FORMS": "1",
            "former_names-0-name": "Kelurahan Sungai  Baru Lama",
            "former_names-0-until_year": "2019",
        },
    )

    assert response.status_code == 302
    assert former_names(office) == [("Sungai Baru Lama", 2019)]
    assert str(office.former_names.get()) == "Kelurahan Sungai Baru Lama"


def test_new_former_name_makes_cached_office_page_stale(client):
    office = OfficeFactory(name="Dinas Kominfo", slug="diskominfo")
    first = client.get(office.get_absolute_url()).content.decode()

    OfficeFormerName.objects.create(office=office, name="Kantor Infokom", until_year=2020)
    second = client.get(office.get_absolute_url()).content.decode()

    assert ("Kantor Infokom" in first, "Kantor Infokom" in second) == (False, True)


def test_rename_with_the_old_name_also_typed_as_former_name_records_it_once(committee_client):
    office = OfficeFactory(name="Dinas Sosial")

    response = change_office(
        committee_client,
        office,
        name="Dinas Sosial dan Pemberdayaan",
        **{
            "former_names-TOTAL_FORMS": "1",
            "former_names-0-name": "dinas sosial",
            "former_names-0-until_year": "2024",
        },
    )

    assert response.status_code == 302
    office.refresh_from_db()
    assert (office.name, former_names(office)) == ("Dinas Sosial dan Pemberdayaan", [("dinas sosial", 2024)])
