import pytest
from django.urls import reverse

from offices.models import Office, OfficeKind
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


def test_committee_member_adds_office_with_parent(committee_client):
    setda = OfficeFactory(name="Sekretariat Daerah")

    response = committee_client.post(
        reverse("admin:offices_office_add"),
        {
            "name": "Bagian Protokol dan Komunikasi Pimpinan",
            "short_name": "Prokompim",
            "kind": OfficeKind.SKPD,
            "slug": "",
            "parent": setda.pk,
            "is_active": "on",
            "former_names-TOTAL_FORMS": "0",
            "former_names-INITIAL_FORMS": "0",
            "accounts-TOTAL_FORMS": "0",
            "accounts-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    office = Office.objects.get(short_name="Prokompim")
    assert (office.slug, office.parent) == ("bagian-protokol-dan-komunikasi-pimpinan", setda)


def test_duplicate_office_name_shown_on_name_field(committee_client):
    OfficeFactory(name="Dinas Kesehatan")

    response = committee_client.post(
        reverse("admin:offices_office_add"),
        {
            "name": "  dinas KESEHATAN ",
            "kind": OfficeKind.SKPD,
            "slug": "dinas-kesehatan-baru",
            "is_active": "on",
            "former_names-TOTAL_FORMS": "0",
            "former_names-INITIAL_FORMS": "0",
            "accounts-TOTAL_FORMS": "0",
            "accounts-INITIAL_FORMS": "0",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "name": ["An office of this kind with this name already exists."]
    }
    assert Office.objects.count() == 1
