"""Account metrics in and out of spreadsheets (judging/resources.py)."""

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from judging.models import AccountMetrics
from judging.resources import AccountMetricsResource, WholeNumberWidget
from tests.factories import AccountMetricsFactory

pytestmark = pytest.mark.django_db


def headers():
    return [str(f.column_name) for f in AccountMetricsResource().get_export_fields()]


def test_metrics_import_creates_and_updates_by_event_and_account(judged_event):
    event, accounts = judged_event["event"], judged_event["accounts"]
    AccountMetricsFactory(event=event, account=accounts["Banua Anyar"], posts=3)
    data = tablib.Dataset(headers=headers())
    data.append([event.slug, "kelurahan-banua-anyar", "instagram", 1000, 1100, 12, 300, 40, 20, 30, "", 0])
    data.append([event.slug, "kelurahan-sungai-lulut", "instagram", 500, 450, 0, 0, 0, 0, 0, "", 0])

    result = AccountMetricsResource().import_data(data, dry_run=False, raise_errors=False)

    assert (result.has_errors(), result.has_validation_errors()) == (False, False)
    assert list(
        AccountMetrics.objects.order_by("account__office__name").values_list(
            "account__office__name", "followers_start", "followers_end", "posts", "likes", "replies"
        )
    ) == [("Banua Anyar", 1000, 1100, 12, 300, 30), ("Sungai Lulut", 500, 450, 0, 0, 0)]


def test_metrics_import_reports_an_unknown_account_and_writes_nothing(judged_event):
    event = judged_event["event"]
    data = tablib.Dataset(headers=headers())
    data.append([event.slug, "kelurahan-banua-anyar", "instagram", 1000, 1100, 12, 300, 40, 20, 30, "", 0])
    data.append([event.slug, "kelurahan-banua-anyar", "website", 1, 1, 1, 1, 1, 1, 1, 5, 1])

    result = AccountMetricsResource().import_data(
        data, dry_run=False, raise_errors=False, use_transactions=True
    )

    assert (result.has_validation_errors(), result.has_errors()) == (False, True)
    assert [(number, [str(e.error) for e in errors]) for number, errors in result.row_errors()] == [
        (2, ["Kantor “kelurahan-banua-anyar” tidak memiliki akun di kanal “website”."])
    ]
    assert AccountMetrics.objects.count() == 0


def test_metrics_export_round_trips(judged_event):
    event = judged_event["event"]
    AccountMetricsFactory(event=event, account=judged_event["accounts"]["Banua Anyar"], posts=7, likes=70)

    with translation.override("en"):
        exported = AccountMetricsResource().export()
        AccountMetrics.objects.all().delete()
        AccountMetricsResource().import_data(exported, dry_run=False, raise_errors=True)

    assert exported.dict[0]["channel"] == "instagram"
    assert list(AccountMetrics.objects.values_list("account__office__name", "posts", "likes")) == [
        ("Banua Anyar", 7, 70)
    ]


def test_metrics_import_page_needs_the_import_permission(committee_client):
    viewer = get_user_model().objects.create_user(username="pengamat", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_accountmetrics"))
    client = Client()
    client.force_login(viewer)
    url = reverse("admin:judging_accountmetrics_import")

    assert client.get(url).status_code == 403
    response = committee_client.get(url)
    assert response.status_code == 200
    assert 'name="import_file"' in response.content.decode()


@pytest.mark.parametrize("cell", ["tiga", "2.5", "Infinity", "NaN"])
def test_a_count_that_is_no_whole_number_is_named(cell):
    with pytest.raises(ValueError) as excinfo, translation.override("en"):
        WholeNumberWidget().clean(cell)

    assert str(excinfo.value) == f"“{cell}” is not a whole number."


@pytest.mark.parametrize(("cell", "number"), [("12", 12), (12.0, 12), ("3,0", 3), ("", None)])
def test_a_count_is_read_as_a_whole_number(cell, number):
    assert WholeNumberWidget().clean(cell) == number
