"""A kind made from a category's row, the word each kind prints, and office addresses made from
kind and name (issue 22)."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from offices.models import Office, OfficeKind
from tests.factories import AwardFactory, CategoryFactory
from tests.helpers import award_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def kulon_progo_kinds():
    return [
        OfficeKind.objects.create(code="kapanewon", name="Kapanewon", prefix="Kapanewon", order=30),
        OfficeKind.objects.create(code="kalurahan", name="Kalurahan", prefix="Kalurahan", order=40),
    ]


def test_each_kind_shows_the_word_it_prints(kulon_progo_kinds):
    with translation.override("id"):
        labels = [kind.label for kind in OfficeKind.objects.all()]

    assert labels == [
        "SKPD (mencetak nama saja)",
        "Kelurahan (mencetak “Kelurahan …”)",
        "Kapanewon (mencetak “Kapanewon …”)",
        "Kalurahan (mencetak “Kalurahan …”)",
    ]


def test_a_categorys_kind_checkboxes_show_the_printed_words(committee_client, kulon_progo_kinds):
    award = AwardFactory(channel=None)
    CategoryFactory(award=award, title="Kalurahan", kinds=["kalurahan"])

    response = committee_client.get(award_url(award))

    page = response.content.decode()
    assert "Kalurahan (mencetak “Kalurahan …”)" in page
    assert "Kelurahan (mencetak “Kelurahan …”)" in page
    assert "js/admin-kinds.js" in page


def test_a_kind_made_in_a_popup_answers_with_its_label(committee_client):
    url = reverse("admin:offices_officekind_add")

    response = committee_client.post(
        f"{url}?_to_field=id&_popup=1",
        {
            "name": "Kapanewon",
            "code": "kapanewon",
            "prefix": "Kapanewon",
            "order": "30",
            "_popup": "1",
            "_to_field": "id",
        },
    )

    kind = OfficeKind.objects.get(code="kapanewon")
    assert response.status_code == 200
    assert json.loads(response.context_data["popup_response_data"]) == {
        "value": str(kind.pk),
        "obj": "Kapanewon (mencetak “Kapanewon …”)",
    }


def test_a_kalurahan_is_not_refused_the_address_of_the_kapanewon_of_its_name(
    committee_client, kulon_progo_kinds
):
    url = reverse("admin:offices_office_add")
    form = {
        "short_name": "",
        "slug": "",
        "parent": "",
        "is_active": "on",
        "former_names-TOTAL_FORMS": "0",
        "former_names-INITIAL_FORMS": "0",
        "accounts-TOTAL_FORMS": "0",
        "accounts-INITIAL_FORMS": "0",
    }

    page = committee_client.get(url)
    first = committee_client.post(url, {**form, "name": "Kapanewon Pengasih", "kind": "kapanewon"})
    second = committee_client.post(url, {**form, "name": "Kalurahan Pengasih", "kind": "kalurahan"})

    assert 'data-prepopulated-fields="[]"' in page.content.decode()
    assert (first.status_code, second.status_code) == (302, 302)
    assert list(Office.objects.filter(name="Pengasih").order_by("slug").values_list("kind", "slug")) == [
        ("kalurahan", "kalurahan-pengasih"),
        ("kapanewon", "kapanewon-pengasih"),
    ]
