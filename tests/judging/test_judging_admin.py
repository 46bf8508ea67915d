"""The committee's judging admin: changelists, copying criteria, read-only scores, judges kept out."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from judging.models import Criterion
from judging.services import leaderboard_finalise, score_save
from offices.models import Channel, OfficeKind
from tests.factories import (
    AccountMetricsFactory,
    AwardFactory,
    CriterionFactory,
    EventFactory,
    JudgeAssignmentFactory,
    JudgingFactory,
    OfficeAccountFactory,
    OfficeFactory,
)
from tests.helpers import enter_all

pytestmark = pytest.mark.django_db

CHANGELISTS = ["judging", "criterion", "accountmetrics", "judgeassignment", "score"]


@pytest.mark.parametrize(
    ("model", "rows"),
    # The judged event: one judging, two criteria, no metrics yet, two judges × three offices.
    [("judging", 1), ("criterion", 2), ("accountmetrics", 0), ("judgeassignment", 6), ("score", 0)],
)
def test_judging_changelists_open_for_committee(committee_client, judged_event, model, rows):
    response = committee_client.get(reverse(f"admin:judging_{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("model", CHANGELISTS)
def test_judging_changelists_closed_to_judges(client, judged_event, model):
    client.force_login(judged_event["judges"][0])

    assert client.get(reverse(f"admin:judging_{model}_changelist")).status_code == 403


def test_scores_are_read_only_in_the_admin(committee_client, judged_event):
    score = score_save(
        judge=judged_event["judges"][0],
        criterion=judged_event["quality"],
        office=judged_event["offices"]["Banua Anyar"],
        points=Decimal(70),
    )

    response = committee_client.post(
        reverse("admin:judging_score_change", args=[score.pk]), {"points": "100"}
    )

    assert response.status_code == 403
    score.refresh_from_db()
    assert score.points == Decimal("70.00")


def test_copy_previous_criteria_action(committee_client):
    old = EventFactory(held_on=datetime.date(2021, 11, 2))
    CriterionFactory(event=old, name="Kualitas konten")
    judging = JudgingFactory(event=EventFactory(year=2022, held_on=datetime.date(2022, 11, 1)))

    response = committee_client.post(
        reverse("admin:judging_judging_changelist"),
        {"action": "copy_previous_criteria", "_selected_action": [judging.pk]},
    )

    assert response.status_code == 302
    assert list(Criterion.objects.filter(award__event=judging.event).values_list("award__title", "name")) == [
        ("Terbaik Pengelolaan Instagram", "Kualitas konten")
    ]


@pytest.mark.parametrize("size", [2, 20])
def test_judging_changelists_fixed_queries(committee_client, judged_event, django_assert_num_queries, size):
    for i in range(size):
        office = OfficeFactory(name=f"Uji {i}", kind=OfficeKind.KELURAHAN)
        account = OfficeAccountFactory(office=office, channel=judged_event["channel"])
        AccountMetricsFactory(event=judged_event["event"], account=account, posts=i)
        JudgeAssignmentFactory(event=judged_event["event"], judge=judged_event["judges"][0], office=office)
        score_save(
            judge=judged_event["judges"][0],
            criterion=judged_event["quality"],
            office=office,
            points=Decimal(i),
        )
        CriterionFactory(award=judged_event["award"], name=f"Kriteria {i}")

    rows = {}
    for model in ("criterion", "accountmetrics", "judgeassignment", "score"):
        with django_assert_num_queries(BUDGETS[model]):
            response = committee_client.get(reverse(f"admin:judging_{model}_changelist"))
        rows[model] = (response.status_code, response.context["cl"].result_count)

    assert rows == {
        "criterion": (200, 2 + size),
        "accountmetrics": (200, size),
        "judgeassignment": (200, 6 + size),
        "score": (200, size),
    }


# The office-kind filter of metrics, assignments and scores reads the OfficeKind rows (a model
# since issue 13): one query more than before, at every size.
BUDGETS = {"criterion": 10, "accountmetrics": 11, "judgeassignment": 10, "score": 11}


def test_committee_adds_judging_and_criteria_through_the_admin(committee_client):
    event = EventFactory()

    judging = committee_client.post(
        reverse("admin:judging_judging_add"),
        {
            "event": event.pk,
            "period_start": "2021-09-01",
            "period_end": "2021-09-28",
            "normalisation": "minmax",
            "tie_break": "heaviest",
        },
    )
    award = AwardFactory(event=event, channel=Channel.objects.get(code="instagram"))
    ppid = AwardFactory(event=event, title="Anugerah PPID", channel=None)
    bad = committee_client.post(
        reverse("admin:judging_criterion_add"),
        {
            "award": award.pk,
            "name": "Keterlibatan",
            "kind": "measured",
            "formula": "",
            "weight": "30",
            "max_points": "100",
            "order": "0",
        },
    )

    measured_without_channel = committee_client.post(
        reverse("admin:judging_criterion_add"),
        {
            "award": ppid.pk,
            "name": "Keterlibatan",
            "kind": "measured",
            "formula": "engagement",
            "weight": "30",
            "max_points": "100",
            "order": "0",
        },
    )

    assert judging.status_code == 302
    assert (event.judging.normalisation, event.judging.period_days) == ("minmax", 28)
    assert bad.status_code == 200
    assert bad.context["adminform"].form.non_field_errors() == [
        "Kriteria terukur memerlukan rumus; kriteria penilaian juri tidak memakai rumus."
    ]
    assert measured_without_channel.status_code == 200
    assert list(measured_without_channel.context["adminform"].form.errors) == ["kind"]
    assert "Anugerah PPID" in measured_without_channel.context["adminform"].form.errors["kind"][0]
    assert Criterion.objects.count() == 0


def test_judging_data_is_read_only_after_finalising(committee_client, judged_event):
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    leaderboard_finalise(event=judged_event["event"])
    quality = judged_event["quality"]

    response = committee_client.post(
        reverse("admin:judging_criterion_change", args=[quality.pk]),
        {
            "award": quality.award_id,
            "name": "Diubah",
            "kind": "judged",
            "weight": "1",
            "max_points": "100",
            "order": "0",
        },
    )
    judging_page = committee_client.get(
        reverse("admin:judging_judging_change", args=[judged_event["judging"].pk])
    )

    assert response.status_code == 403
    quality.refresh_from_db()
    assert quality.name == "Kualitas konten"
    assert judging_page.status_code == 200
    assert judging_page.context["has_change_permission"] is False


def test_judges_group_may_only_enter_scores():
    from django.contrib.auth.models import Group

    judges = Group.objects.get(name="Juri")
    committee = Group.objects.get(name="Komite")

    assert list(judges.permissions.values_list("codename", flat=True)) == ["enter_score"]
    assert set(
        committee.permissions.filter(
            content_type__model__in=["judging", "score", "accountmetrics"]
        ).values_list("codename", flat=True)
    ) == {
        "add_judging",
        "change_judging",
        "delete_judging",
        "view_judging",
        "manage_judging",
        "view_score",
        "add_accountmetrics",
        "change_accountmetrics",
        "delete_accountmetrics",
        "view_accountmetrics",
        "import_accountmetrics",
        "export_accountmetrics",
    }
