"""Judging's move from awards to its own app (awards 0006, judging 0001) keeps the data, the
content types' ids and the groups' permissions."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from judging.models import AccountMetrics, Criterion, JudgeAssignment, Judging, Score
from judging.models import Criterion as Criterion_
from tests.factories import make_judge

BEFORE = [("awards", "0005_signatory_job_title"), ("judging", None)]
MODELS = ["accountmetrics", "criterion", "judgeassignment", "judging", "score"]


def group_permissions(name: str) -> list[tuple[int, str, str]]:
    return list(
        Group.objects.get(name=name)
        .permissions.filter(content_type__model__in=MODELS)
        .order_by("codename")
        .values_list("pk", "content_type__app_label", "codename")
    )


@pytest.mark.usefixtures("empty_database")
def test_judging_rows_content_types_and_permissions_survive_the_move():
    # From zero to the old shape: awards 0004 made the judging models' content types, their
    # permissions and the groups' rights under "awards", as on an installation of the time.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[0]).apps
    event = old.get_model("awards", "EvaluationEvent").objects.create(
        title="Evaluasi Smart City 2021",
        slug="evaluasi-2021",
        year=2021,
        held_on=datetime.date(2021, 11, 2),
        city="Banjarmasin",
    )
    account = old.get_model("offices", "OfficeAccount").objects.create(
        office=old.get_model("offices", "Office").objects.create(
            name="Dinas Kesehatan", slug="dinas-kesehatan", kind="skpd"
        ),
        channel=old.get_model("offices", "Channel").objects.get(code="instagram"),
        handle="@dinkes",
    )
    judge = make_judge("juri-lama")
    content_types_before = sorted(
        ContentType.objects.filter(model__in=MODELS).values_list("pk", "app_label", "model")
    )
    judges_before, committee_before = group_permissions("Juri"), group_permissions("Komite")
    old.get_model("awards", "Judging").objects.create(
        event_id=event.pk,
        period_start=datetime.date(2021, 9, 1),
        period_end=datetime.date(2021, 9, 28),
        normalisation="zscore",
    )
    criterion = old.get_model("awards", "Criterion").objects.create(
        event_id=event.pk, channel_id=account.channel_id, name="Kualitas konten", kind="judged", weight=60
    )
    old.get_model("awards", "AccountMetrics").objects.create(
        event_id=event.pk, account_id=account.pk, posts=12
    )
    old.get_model("awards", "JudgeAssignment").objects.create(
        event_id=event.pk, judge_id=judge.pk, office_id=account.office_id
    )
    old.get_model("awards", "Score").objects.create(
        criterion_id=criterion.pk, office_id=account.office_id, judge_id=judge.pk, points=87, note="rapi"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    assert list(Judging.objects.values_list("event_id", "normalisation", "breakdown")) == [
        (event.pk, "zscore", [])
    ]
    assert list(Criterion.objects.values_list("pk", "name", "kind", "weight")) == [
        (criterion.pk, "Kualitas konten", "judged", 60)
    ]
    assert list(AccountMetrics.objects.values_list("account_id", "posts")) == [(account.pk, 12)]
    assert list(JudgeAssignment.objects.values_list("judge_id", "office_id")) == [
        (judge.pk, account.office_id)
    ]
    assert list(Score.objects.values_list("criterion_id", "judge_id", "points", "note")) == [
        (criterion.pk, judge.pk, 87, "rapi")
    ]
    assert [ct[1] for ct in content_types_before] == ["awards"] * 5
    assert sorted(ContentType.objects.filter(model__in=MODELS).values_list("pk", "app_label", "model")) == [
        (pk, "judging", model) for pk, _app, model in content_types_before
    ]
    assert group_permissions("Juri") == [(pk, "judging", codename) for pk, _app, codename in judges_before]
    assert group_permissions("Komite") == [
        (pk, "judging", codename) for pk, _app, codename in committee_before
    ]
    assert [codename for _pk, _app, codename in committee_before] == sorted(
        [
            f"{action}_{model}"
            for model in ["judging", "criterion", "accountmetrics", "judgeassignment"]
            for action in ("add", "change", "delete", "view")
        ]
        + ["view_score", "import_accountmetrics", "export_accountmetrics", "manage_judging"]
    )
    assert [codename for _pk, _app, codename in judges_before] == ["enter_score"]
    assert (
        Permission.objects.filter(content_type__app_label="awards", content_type__model__in=MODELS).count()
        == 0
    )
    judge = type(judge).objects.get(pk=judge.pk)
    assert (judge.has_perm("judging.enter_score"), judge.has_perm("awards.enter_score")) == (True, False)


CRITERIA_BEFORE = [("judging", "0002_judging_breakdown"), ("awards", "0009_awards_and_categories_finish")]


@pytest.mark.usefixtures("empty_database")
def test_criteria_move_to_the_award_of_their_channel_keeping_their_meaning():
    """judging 0003: a criterion of (event, Instagram) goes to the event's Instagram award; one of
    (event, Website), which has no award, to a new “Terbaik Pengelolaan Website” with a category
    per kind of the event's judged offices (3 places); scores and the stored breakdown follow."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(CRITERIA_BEFORE)
    old = executor.loader.project_state(CRITERIA_BEFORE).apps
    OfficeKind = old.get_model("offices", "OfficeKind")
    for code, name, order in (("skpd", "SKPD", 1), ("kelurahan", "Kelurahan", 2)):
        OfficeKind.objects.get_or_create(code=code, defaults={"name": name, "prefix": name, "order": order})
    Channel = old.get_model("offices", "Channel")
    instagram, website = Channel.objects.get(code="instagram"), Channel.objects.get(code="website")
    event = old.get_model("awards", "EvaluationEvent").objects.create(
        title="Evaluasi 2022", slug="evaluasi-2022", year=2022, city="Banjarmasin"
    )
    award = old.get_model("awards", "Award").objects.create(
        event=event, title="Terbaik Pengelolaan Instagram", channel=instagram, order=1
    )
    category = old.get_model("awards", "Category").objects.create(award=award, title="Kelurahan", places=3)
    category.kinds.add(OfficeKind.objects.get(code="kelurahan"))
    Office = old.get_model("offices", "Office")
    kelurahan = Office.objects.create(name="Pelambuan", slug="pelambuan", kind_id="kelurahan")
    dinas = Office.objects.create(name="Dinas Kesehatan", slug="dinkes", kind_id="skpd")
    judge = make_judge("juri-migrasi")
    for office in (kelurahan, dinas):
        old.get_model("judging", "JudgeAssignment").objects.create(
            event_id=event.pk, judge_id=judge.pk, office=office
        )
    Criterion = old.get_model("judging", "Criterion")
    on_instagram = Criterion.objects.create(
        event_id=event.pk, channel=instagram, name="Kualitas konten", kind="judged", weight=60
    )
    on_website = Criterion.objects.create(
        event_id=event.pk, channel=website, name="Kesegaran", kind="measured", formula="freshness", weight=40
    )
    old.get_model("judging", "Score").objects.create(
        criterion=on_website, office=dinas, judge_id=judge.pk, points=70
    )
    criteria = [{"name": "Kualitas konten", "weight": "60.00", "max_points": "100.00", "formula": ""}]
    old.get_model("judging", "Judging").objects.create(
        event_id=event.pk,
        period_start=datetime.date(2022, 9, 1),
        period_end=datetime.date(2022, 9, 28),
        scores_locked_at=datetime.datetime(2022, 10, 1, tzinfo=datetime.UTC),
        finalised_at=datetime.datetime(2022, 10, 1, tzinfo=datetime.UTC),
        breakdown=[
            {
                "channel": "Instagram",
                "kind": "kelurahan",
                "criteria": criteria,
                "rows": [
                    {
                        "office": "Kelurahan Pelambuan",
                        "position": 1,
                        "is_shared": False,
                        "points": [90.0],
                        "total": 90.0,
                    }
                ],
            }
        ],
    )

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)

    from awards.models import Award

    assert list(
        Criterion_.objects.order_by("pk").values_list("pk", "award__title", "award__channel__code", "name")
    ) == [
        (on_instagram.pk, "Terbaik Pengelolaan Instagram", "instagram", "Kualitas konten"),
        (on_website.pk, "Terbaik Pengelolaan Website", "website", "Kesegaran"),
    ]
    new_award = Award.objects.get(event_id=event.pk, channel__code="website")
    assert [
        (c.title, c.places, c.mentions, [k.code for k in c.kinds.all()])
        for c in new_award.categories.order_by("order")
    ] == [("SKPD", 3, 0, ["skpd"]), ("Kelurahan", 3, 0, ["kelurahan"])]
    assert list(Score.objects.values_list("criterion_id", "office_id", "points")) == [
        (on_website.pk, dinas.pk, 70)
    ]
    assert Judging.objects.get(event_id=event.pk).breakdown == [
        {
            "award": "Terbaik Pengelolaan Instagram",
            "category": "Kelurahan",
            "channel": "Instagram",
            "criteria": criteria,
            "rows": [
                {
                    "office": "Kelurahan Pelambuan",
                    "level": 1,
                    "position": 1,
                    "is_shared": False,
                    "points": [90.0],
                    "total": 90.0,
                }
            ],
        }
    ]
