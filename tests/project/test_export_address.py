"""An export address with a parameter the list does not know leads back to the export page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["awards_ranking", "offices_office", "judging_accountmetrics"])
def test_an_unknown_export_parameter_returns_to_the_export_page_with_a_message(admin_client, model):
    url = reverse(f"admin:{model}_export")

    response = admin_client.get(f"{url}?format=9", follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Alamat meminta penyaring yang tidak ada di daftar ini; penyaring itu diabaikan. "
        "Pilih formatnya lagi."
    ]
