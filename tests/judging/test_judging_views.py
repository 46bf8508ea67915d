"""Judging pages: who may see what (judge, committee, public), locking, exports, query budgets."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Ranking
from judging.models import Score
from judging.services import event_lock_scores, leaderboard_finalise, score_save
from offices.models import OfficeKind
from results.services import event_publish
from tests.factories import AccountMetricsFactory, JudgeAssignmentFactory, OfficeAccountFactory, OfficeFactory
from tests.helpers import enter_all

pytestmark = pytest.mark.django_db


def urls(judged_event):
    event, office = judged_event["event"], judged_event["offices"]["Banua Anyar"]
    return {
        "home": reverse("judging:home"),
        "event": reverse("judging:event", kwargs={"slug": event.slug}),
        "office": reverse("judging:office", kwargs={"slug": event.slug, "office_slug": office.slug}),
        "committee": reverse("judging:committee", kwargs={"slug": event.slug}),
        "lock": reverse("judging:lock", kwargs={"slug": event.slug}),
        "finalise": reverse("judging:finalise", kwargs={"slug": event.slug}),
        "xlsx": reverse("judging:export", kwargs={"slug": event.slug, "fmt": "xlsx"}),
    }


@pytest.mark.parametrize("name", ["home", "event", "office", "committee", "xlsx"])
def test_judging_pages_send_anonymous_visitors_to_login(client, judged_event, name):
    url = urls(judged_event)[name]

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


@pytest.mark.parametrize("name", ["home", "event", "office"])
def test_judge_pages_forbidden_to_committee_members(committee_client, judged_event, name):
    assert committee_client.get(urls(judged_event)[name]).status_code == 403


@pytest.mark.parametrize("name", ["committee", "xlsx"])
def test_committee_pages_forbidden_to_judges(client, judged_event, name):
    client.force_login(judged_event["judges"][0])

    assert client.get(urls(judged_event)[name]).status_code == 403
    assert client.post(urls(judged_event)["lock"]).status_code == 403
    assert client.post(urls(judged_event)["finalise"]).status_code == 403


def test_judge_sees_only_assigned_offices(client, judged_event):
    other_judge_office = OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN)
    JudgeAssignmentFactory(event=judged_event["event"], office=other_judge_office)
    client.force_login(judged_event["judges"][0])

    response = client.get(urls(judged_event)["event"])
    other = client.get(
        reverse(
            "judging:office",
            kwargs={"slug": judged_event["event"].slug, "office_slug": other_judge_office.slug},
        )
    )

    assert response.status_code == 200
    assert [a.office.name for a in response.context["assignments"]] == [
        "Banua Anyar",
        "Belitung Utara",
        "Sungai Lulut",
    ]
    assert "Pelambuan" not in response.content.decode()
    assert other.status_code == 404


def test_judge_enters_scores_through_the_sheet(client, judged_event):
    client.force_login(judged_event["judges"][0])
    field = f"points-{judged_event['quality'].pk}"

    response = client.post(
        urls(judged_event)["office"], {field: "87.5", f"note-{judged_event['quality'].pk}": "Informatif"}
    )

    assert response.status_code == 302
    assert list(Score.objects.values_list("judge__username", "office__name", "points", "note")) == [
        ("juri-a", "Banua Anyar", Decimal("87.50"), "Informatif")
    ]


def test_judge_sheet_takes_a_decimal_comma(client, judged_event):
    client.force_login(judged_event["judges"][0])

    response = client.post(urls(judged_event)["office"], {f"points-{judged_event['quality'].pk}": "87,5"})

    assert response.status_code == 302
    assert list(Score.objects.values_list("points", flat=True)) == [Decimal("87.50")]


def test_judge_sheet_refuses_points_above_max(client, judged_event):
    client.force_login(judged_event["judges"][0])

    response = client.post(urls(judged_event)["office"], {f"points-{judged_event['quality'].pk}": "101"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"points-{judged_event['quality'].pk}": [
            "Pastikan nilai ini lebih kecil dari atau sama dengan 100.00."
        ]
    }
    assert Score.objects.count() == 0


def test_judge_does_not_see_other_judges_scores(client, judged_event):
    office = judged_event["offices"]["Banua Anyar"]
    score_save(
        judge=judged_event["judges"][1],
        criterion=judged_event["quality"],
        office=office,
        points=Decimal("42.25"),
    )
    client.force_login(judged_event["judges"][0])

    response = client.get(urls(judged_event)["office"])

    assert response.status_code == 200
    assert response.context["form"].initial == {}
    assert response.context["form"][f"points-{judged_event['quality'].pk}"].value() is None
    assert "42.25" not in response.content.decode()
    assert "42,25" not in response.content.decode()


def test_judge_sheet_is_read_only_after_lock(client, judged_event):
    office = judged_event["offices"]["Banua Anyar"]
    score_save(
        judge=judged_event["judges"][0], criterion=judged_event["quality"], office=office, points=Decimal(60)
    )
    event_lock_scores(event=judged_event["event"])
    client.force_login(judged_event["judges"][0])

    response = client.post(urls(judged_event)["office"], {f"points-{judged_event['quality'].pk}": "99"})

    assert response.status_code == 200
    assert list(Score.objects.values_list("points", flat=True)) == [Decimal("60.00")]
    assert response.context["form"].fields[f"points-{judged_event['quality'].pk}"].disabled is True
    assert b'<button type="submit">' not in response.content


def test_judge_sheet_speaks_indonesian_by_default(client, judged_event):
    client.force_login(judged_event["judges"][0])

    response = client.get(urls(judged_event)["office"])

    assert response.content.decode().count('<button type="submit">') == 2
    assert "Simpan nilai saya" in response.content.decode()
    assert "Saya abstain untuk kantor ini" in response.content.decode()


def test_judge_declares_conflict_through_the_page(client, judged_event):
    office = judged_event["offices"]["Banua Anyar"]
    score_save(
        judge=judged_event["judges"][0], criterion=judged_event["quality"], office=office, points=Decimal(60)
    )
    client.force_login(judged_event["judges"][0])

    response = client.post(
        reverse("judging:conflict", kwargs={"slug": judged_event["event"].slug, "office_slug": office.slug}),
        {"note": "Mantan pegawai kelurahan"},
    )

    assert response.status_code == 302
    assert Score.objects.count() == 0
    assignment = judged_event["event"].judge_assignments.get(judge=judged_event["judges"][0], office=office)
    assert (assignment.has_conflict, assignment.conflict_note) == (True, "Mantan pegawai kelurahan")


def test_committee_page_shows_progress_leaderboard_and_coverage(committee_client, judged_event):
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))

    response = committee_client.get(urls(judged_event)["committee"])

    assert response.status_code == 200
    rows = response.context["boards"][0].rows
    assert [(r.position, r.office.name, round(r.total, 2)) for r in rows] == [
        (1, "Belitung Utara", 82.0),
        (2, "Banua Anyar", 74.0),
        (3, "Sungai Lulut", 36.0),
    ]
    assert [(p.judge.username, p.entered, p.expected) for p in response.context["progress"]] == [
        ("juri-a", 3, 3),
        ("juri-b", 3, 3),
    ]
    assert [[a.office.name for a in c.without_posts] for c in response.context["coverage"]] == [
        ["Sungai Lulut"]
    ]


def test_committee_locks_and_finalises_through_the_page(committee_client, judged_event):
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))

    locked = committee_client.post(urls(judged_event)["lock"])
    finalised = committee_client.post(urls(judged_event)["finalise"])

    assert (locked.status_code, finalised.status_code) == (302, 302)
    assert list(
        Ranking.objects.filter(award__event=judged_event["event"])
        .in_display_order()
        .values_list("office__name", "position", "score")
    ) == [
        ("Belitung Utara", 1, Decimal("82.00")),
        ("Banua Anyar", 2, Decimal("74.00")),
        ("Sungai Lulut", 3, Decimal("36.00")),
    ]


def test_score_sheet_xlsx_has_totals_and_per_judge_sheets(committee_client, judged_event):
    from openpyxl import load_workbook

    judged_event["offices"]["Sungai Lulut"].name = "=HYPERLINK(1)"
    judged_event["offices"]["Sungai Lulut"].save()
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    first = Score.objects.order_by("judge__username", "office__name").first()
    first.note = '=HYPERLINK("http://x","y")'
    first.save()

    response = committee_client.get(urls(judged_event)["xlsx"])

    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="nilai-{judged_event["event"].slug}.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    totals, judges = book.worksheets
    award = "Terbaik Pengelolaan Instagram"
    assert [tuple(r) for r in totals.iter_rows(min_row=2, values_only=True)] == [
        (
            award,
            "Kelurahan",
            1,
            None,
            "Terbaik Pertama",
            "Kelurahan Belitung Utara",
            "Kelurahan",
            82,
            "Frekuensi unggahan",
            100,
            "Kualitas konten",
            70,
        ),
        (
            award,
            "Kelurahan",
            2,
            None,
            "Terbaik Kedua",
            "Kelurahan Banua Anyar",
            "Kelurahan",
            74,
            "Frekuensi unggahan",
            50,
            "Kualitas konten",
            90,
        ),
        (
            award,
            "Kelurahan",
            3,
            None,
            "Terbaik Ketiga",
            "Kelurahan =HYPERLINK(1)",
            "Kelurahan",
            36,
            "Frekuensi unggahan",
            0,
            "Kualitas konten",
            60,
        ),
    ]
    assert judges.max_row == 7
    assert (judges["H2"].value, judges["H2"].data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert [c.data_type for c in judges[2]][:6] == ["s", "s", "s", "s", "s", "n"]


def test_score_sheet_csv_escapes_formulas(committee_client, judged_event):
    office = judged_event["offices"]["Banua Anyar"]
    score_save(
        judge=judged_event["judges"][0],
        criterion=judged_event["quality"],
        office=office,
        points=Decimal(60),
        note="=1+1",
    )

    response = committee_client.get(urls(judged_event)["xlsx"].replace(".xlsx", ".csv") + "?sheet=judges")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == [
        "juri-a",
        "Terbaik Pengelolaan Instagram",
        "Kelurahan",
        "Kelurahan Banua Anyar",
        "Kualitas konten",
        "60.0",
        "100.0",
        "'=1+1",
    ]


def _breakdown_html(event) -> str:
    # The {% score_breakdown %} tag as the event page names it (the public event page itself is
    # adapted by its own part of issue 13), per award and for the whole event.
    from django.template import Context, Template

    from awards.models import EvaluationEvent

    event = EvaluationEvent.objects.get(pk=event.pk)
    template = Template(
        "{% load judging_breakdown %}{% for award in awards %}{% score_breakdown event award %}{% endfor %}"
    )
    return template.render(Context({"event": event, "awards": list(event.awards.all())}))


def test_public_breakdown_only_when_opted_in_and_finalised(judged_event):
    from judging.selectors import event_score_breakdown

    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    event = judged_event["event"]
    event_publish(event=event)

    before = _breakdown_html(event)
    leaderboard_finalise(event=event)
    not_opted = _breakdown_html(event)
    judged_event["judging"].refresh_from_db()
    judged_event["judging"].public_breakdown = True
    judged_event["judging"].save()
    opted = _breakdown_html(event)
    boards = event_score_breakdown(event=event, award=judged_event["award"])

    assert (before.strip(), not_opted.strip()) == ("", "")
    assert [(r.office.display_name, r.title, r.total) for r in boards[0].rows] == [
        ("Kelurahan Belitung Utara", "Terbaik Pertama", 82.0),
        ("Kelurahan Banua Anyar", "Terbaik Kedua", 74.0),
        ("Kelurahan Sungai Lulut", "Terbaik Ketiga", 36.0),
    ]
    assert "Kualitas konten" in opted
    assert "Terbaik Pengelolaan Instagram — Kelurahan" in opted


@pytest.mark.parametrize("size", [2, 20])
def test_judging_pages_fixed_queries(committee_client, judged_event, django_assert_num_queries, size):
    judge = judged_event["judges"][0]
    for i in range(size):
        office = OfficeFactory(name=f"Uji {i}", kind=OfficeKind.KELURAHAN)
        account = OfficeAccountFactory(office=office, channel=judged_event["channel"])
        AccountMetricsFactory(event=judged_event["event"], account=account, posts=i)
        JudgeAssignmentFactory(event=judged_event["event"], judge=judge, office=office)
        score_save(judge=judge, criterion=judged_event["quality"], office=office, points=Decimal(i))
    judge_client = Client()
    judge_client.force_login(judge)

    with django_assert_num_queries(7):
        judge_page = judge_client.get(urls(judged_event)["event"])
    # 20 before the record of locks on the finalised places, one query more.
    with django_assert_num_queries(22):
        committee_page = committee_client.get(urls(judged_event)["committee"])

    assert (judge_page.status_code, committee_page.status_code) == (200, 200)
    last = f"Uji {size - 1}"
    assert (last in judge_page.content.decode(), last in committee_page.content.decode()) == (True, True)


def test_lock_time_shown_to_committee(committee_client, judged_event):
    event_lock_scores(event=judged_event["event"])

    response = committee_client.get(urls(judged_event)["committee"])

    assert response.context["judging"].scores_locked_at <= timezone.now()


def test_public_event_page_prints_the_breakdown_frozen_with_its_version(client, judged_event):
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    event = judged_event["event"]
    leaderboard_finalise(event=event)
    judged_event["judging"].refresh_from_db()
    judged_event["judging"].public_breakdown = True
    judged_event["judging"].save()
    event_publish(event=event)
    judged_event["judging"].refresh_from_db()
    judged_event["judging"].public_breakdown = False  # after publishing: the version keeps it
    judged_event["judging"].save()

    html = client.get(f"/en/events/{event.slug}/").content.decode()

    section = html[
        html.index('<section class="breakdown"') : html.index("</section>", html.index('class="breakdown"'))
    ]
    rows = re.findall(r"<tr>\s*<td class=\"num\">([^<]*)</td>\s*<td>([^<]*)</td>", section)
    assert rows == [
        ("Terbaik Pertama", "Kelurahan Belitung Utara"),
        ("Terbaik Kedua", "Kelurahan Banua Anyar"),
        ("Terbaik Ketiga", "Kelurahan Sungai Lulut"),
    ]
    assert "<caption>Terbaik Pengelolaan Instagram — Kelurahan</caption>" in section
    assert "<strong>82.00</strong>" in section
