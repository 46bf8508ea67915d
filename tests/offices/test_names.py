import pytest
from django.urls import reverse

from offices.models import Office, OfficeKind
from offices.names import bare_name, name_key, printed_name
from offices.selectors import office_search
from tests.factories import OfficeFactory


def test_name_key_ignores_the_kinds_printed_word_case_and_spacing():
    keys = [
        name_key("Pelambuan", "Kelurahan"),
        name_key("  kelurahan   PELAMBUAN ", "Kelurahan"),
        name_key("Kelurahan Pelambuan", ""),
        name_key("Kelurahan Pelambuan"),
    ]

    assert keys == ["pelambuan", "pelambuan", "kelurahan pelambuan", "kelurahan pelambuan"]


def test_bare_and_printed_name_print_the_word_once():
    names = [
        (bare_name("Kelurahan Pelambuan", "Kelurahan"), printed_name("Kelurahan Pelambuan", "Kelurahan")),
        (bare_name("Pelambuan", "Kelurahan"), printed_name("Pelambuan", "Kelurahan")),
        (bare_name("Kelurahan", "Kelurahan"), printed_name("Kelurahan", "Kelurahan")),
        (bare_name("Kelurahan Pelambuan", ""), printed_name("Dinas Kesehatan", "")),
        (bare_name("Kelurahanbaru", "Kelurahan"), printed_name("Kelurahanbaru", "Kelurahan")),
    ]

    assert names == [
        ("Pelambuan", "Kelurahan Pelambuan"),
        ("Pelambuan", "Kelurahan Pelambuan"),
        ("Kelurahan", "Kelurahan Kelurahan"),
        ("Kelurahan Pelambuan", "Dinas Kesehatan"),
        ("Kelurahanbaru", "Kelurahan Kelurahanbaru"),
    ]


@pytest.mark.django_db
def test_kelurahan_saved_with_its_word_is_stored_without_it():
    office = Office.objects.create(name=" Kelurahan  Pelambuan", kind_id=OfficeKind.KELURAHAN)

    office.refresh_from_db()
    assert (office.name, office.display_name, office.slug) == (
        "Pelambuan",
        "Kelurahan Pelambuan",
        "kelurahan-pelambuan",
    )


@pytest.mark.django_db
def test_admin_refuses_kelurahan_entered_again_with_its_word(committee_client):
    OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN)

    response = committee_client.post(
        reverse("admin:offices_office_add"),
        {
            "name": "Kelurahan Pelambuan",
            "kind": OfficeKind.KELURAHAN,
            "slug": "pelambuan-baru",
            "is_active": "on",
            "former_names-TOTAL_FORMS": "0",
            "former_names-INITIAL_FORMS": "0",
            "accounts-TOTAL_FORMS": "0",
            "accounts-INITIAL_FORMS": "0",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.context["adminform"].form.errors == {
        "name": ["An office of this kind with this name already exists."]
    }
    assert list(Office.objects.values_list("name", "kind")) == [("Pelambuan", "kelurahan")]


@pytest.mark.django_db
def test_search_with_the_kinds_word_finds_the_kelurahan_once():
    OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN)
    OfficeFactory(name="Kelurahan Pelambuan Lama", kind=OfficeKind.SKPD)
    OfficeFactory(name="Pekapuran Raya", kind=OfficeKind.KELURAHAN)

    found = [o.display_name for o in office_search(text="kelurahan pelambuan")]

    assert found == ["Kelurahan Pelambuan Lama", "Kelurahan Pelambuan"]


@pytest.mark.django_db
def test_admin_office_picker_finds_kelurahan_written_with_its_word(committee_client):
    OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN)
    OfficeFactory(name="Pekapuran Raya", kind=OfficeKind.KELURAHAN)

    response = committee_client.get(reverse("admin:offices_office_changelist"), {"q": "Kelurahan Pelambuan"})

    assert [o.name for o in response.context["cl"].result_list] == ["Pelambuan"]
