"""After finalising, an event's judging data is frozen on every path (issue 11, defect a): the
services refuse, and the admin's forms, the metrics import and the judging pages call them."""

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.urls import reverse

from judging.models import AccountMetrics, Criterion, JudgeAssignment
from judging.resources import AccountMetricsResource
from judging.services import (
    account_metrics_save,
    criteria_copy,
    criterion_save,
    judge_assignment_save,
    leaderboard_finalise,
)
from tests.factories import AccountMetricsFactory, AwardFactory, EventFactory, make_judge
from tests.helpers import enter_all

pytestmark = pytest.mark.django_db

FROZEN = (
    "Peringkat “{event}” sudah ditetapkan dari penjuriannya; penjurian, kriteria, metrik akun, "
    "dan juri acara ini tidak dapat diubah lagi."
)


@pytest.fixture
def finalised(judged_event):
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    leaderboard_finalise(event=judged_event["event"])
    return judged_event


def test_criterion_save_refuses_a_new_criterion_of_a_finalised_event(finalised):
    event = finalised["event"]

    with pytest.raises(ValidationError) as refused:
        criterion_save(criterion=Criterion(award=finalised["award"], name="Baru", kind="judged", weight=10))

    assert refused.value.message_dict == {"award": [FROZEN.format(event=event)]}
    assert list(
        Criterion.objects.filter(award__event=event).values_list("name", flat=True).order_by("order")
    ) == [
        "Frekuensi unggahan",
        "Kualitas konten",
    ]


def test_criterion_save_refuses_moving_a_criterion_out_of_a_finalised_event(finalised):
    quality = finalised["quality"]
    quality.award = AwardFactory(event=EventFactory())

    with pytest.raises(ValidationError) as refused:
        criterion_save(criterion=quality)

    assert refused.value.message_dict == {"award": [FROZEN.format(event=finalised["event"])]}
    quality.refresh_from_db()
    assert quality.award_id == finalised["award"].pk


def test_metrics_and_assignments_refused_after_finalising(finalised):
    event = finalised["event"]
    metrics = AccountMetrics.objects.get(account=finalised["accounts"]["Banua Anyar"])
    metrics.posts = 99

    with pytest.raises(ValidationError) as metrics_refused:
        account_metrics_save(metrics=metrics)
    with pytest.raises(ValidationError) as assignment_refused:
        judge_assignment_save(
            assignment=JudgeAssignment(event=event, judge=make_judge("juri-c"), office=metrics.account.office)
        )
    with pytest.raises(ValidationError) as copy_refused:
        criteria_copy(source=event, target=event)

    message = {"event": [FROZEN.format(event=event)]}
    assert (metrics_refused.value.message_dict, assignment_refused.value.message_dict) == (message, message)
    assert copy_refused.value.message_dict == message
    metrics.refresh_from_db()
    assert metrics.posts == 10
    assert JudgeAssignment.objects.filter(event=event).count() == 6


def test_finalising_twice_is_refused(finalised):
    with pytest.raises(ValidationError) as refused:
        leaderboard_finalise(event=finalised["event"])

    assert refused.value.messages == ["Peringkat acara ini sudah ditetapkan dari penjuriannya."]


def test_admin_add_of_a_criterion_to_a_finalised_event_is_refused_on_the_form(committee_client, finalised):
    event = finalised["event"]

    response = committee_client.post(
        reverse("admin:judging_criterion_add"),
        {
            "award": finalised["award"].pk,
            "name": "Keterlibatan",
            "kind": "judged",
            "formula": "",
            "weight": "30",
            "max_points": "100",
            "order": "3",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"award": [FROZEN.format(event=event)]}
    assert Criterion.objects.filter(award__event=event).count() == 2


def test_admin_add_of_metrics_to_a_finalised_event_is_refused_on_the_form(committee_client, finalised):
    event = finalised["event"]
    AccountMetrics.objects.filter(account=finalised["accounts"]["Sungai Lulut"]).delete()

    response = committee_client.post(
        reverse("admin:judging_accountmetrics_add"),
        {
            "event": event.pk,
            "account": finalised["accounts"]["Sungai Lulut"].pk,
            **dict.fromkeys(
                ["followers_start", "followers_end", "likes", "comments", "shares", "replies"], "0"
            ),
            "posts": "5",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"event": [FROZEN.format(event=event)]}
    assert AccountMetrics.objects.filter(event=event).count() == 2


def test_metrics_import_into_a_finalised_event_is_refused_and_writes_nothing(finalised):
    event = finalised["event"]
    headers = [str(f.column_name) for f in AccountMetricsResource().get_export_fields()]
    data = tablib.Dataset(headers=headers)
    data.append([event.slug, "kelurahan-banua-anyar", "instagram", 1000, 1100, 99, 300, 40, 20, 30, "", 0])

    result = AccountMetricsResource().import_data(
        data, dry_run=False, raise_errors=False, use_transactions=True
    )

    assert [row.error_dict for row in result.invalid_rows] == [{"event": [FROZEN.format(event=event)]}]
    assert list(
        AccountMetrics.objects.filter(event=event)
        .order_by("account__office__name")
        .values_list("posts", flat=True)
    ) == [10, 20, 0]


def test_metrics_of_an_event_not_finalised_still_save(judged_event):
    metrics = AccountMetricsFactory(
        event=judged_event["event"], account=judged_event["accounts"]["Banua Anyar"]
    )
    metrics.posts = 42

    account_metrics_save(metrics=metrics)

    metrics.refresh_from_db()
    assert metrics.posts == 42
