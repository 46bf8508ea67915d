"""The public score breakdown is the one stored at finalising (defect b), and the score sheets
go through the shared spreadsheet writer (defect c)."""

import io

import pytest
from django.urls import reverse

from awards.models import EvaluationEvent, Ranking
from judging.models import Judging, Score
from judging.services import leaderboard_finalise
from judging.templatetags.judging_breakdown import score_breakdown
from results.services import event_publish
from tests.helpers import enter_all

pytestmark = pytest.mark.django_db


def breakdown_lines(event) -> list[tuple]:
    """What the event page's {% score_breakdown %} tag shows (rendered through the tag: the
    public event page is being adapted by its own part of issue 13)."""
    event = EvaluationEvent.objects.get(pk=event.pk)
    return [
        (
            board.caption,
            line.office.display_name,
            line.title,
            line.total,
            [p for _c, p in line.cells],
        )
        for board in score_breakdown(event)["breakdown"]
        for line in board.rows
    ]


def test_breakdown_keeps_agreeing_with_the_places_after_a_winner_is_set_inactive(client, judged_event):
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    event = judged_event["event"]
    Judging.objects.filter(pk=judged_event["judging"].pk).update(public_breakdown=True)
    leaderboard_finalise(event=event)
    event_publish(event=event)
    winner = judged_event["offices"]["Belitung Utara"]

    winner.is_active = False
    winner.save()

    caption = "Terbaik Pengelolaan Instagram — Kelurahan"
    assert breakdown_lines(event) == [
        (caption, "Kelurahan Belitung Utara", "Terbaik Pertama", 82.0, [100.0, 70.0]),
        (caption, "Kelurahan Banua Anyar", "Terbaik Kedua", 74.0, [50.0, 90.0]),
        (caption, "Kelurahan Sungai Lulut", "Terbaik Ketiga", 36.0, [0.0, 60.0]),
    ]
    assert list(
        Ranking.objects.filter(award__event=event)
        .order_by("position")
        .values_list("office__name", "position", "score")
    ) == [("Belitung Utara", 1, 82), ("Banua Anyar", 2, 74), ("Sungai Lulut", 3, 36)]


def test_breakdown_is_not_shown_before_finalising_nor_without_opting_in(client, judged_event):
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    event = judged_event["event"]
    event_publish(event=event)
    Judging.objects.filter(pk=judged_event["judging"].pk).update(public_breakdown=True)

    before = breakdown_lines(event)
    Judging.objects.filter(pk=judged_event["judging"].pk).update(public_breakdown=False)
    leaderboard_finalise(event=event)
    not_opted = breakdown_lines(event)

    assert (before, not_opted) == ([], [])


def test_score_sheet_xlsx_of_a_note_with_a_control_character(committee_client, judged_event):
    from openpyxl import load_workbook

    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    Score.objects.filter(judge__username="juri-a", office__name="Banua Anyar").update(note="bagus\x01 sekali")
    url = reverse("judging:export", kwargs={"slug": judged_event["event"].slug, "fmt": "xlsx"})

    response = committee_client.get(url)

    assert response.status_code == 200
    judges = load_workbook(io.BytesIO(response.content)).worksheets[1]
    assert [row[-1] for row in judges.iter_rows(min_row=2, values_only=True)] == [
        "bagus sekali",
        None,
        None,
        None,
        None,
        None,
    ]


def test_score_sheet_csv_of_a_note_with_a_control_character(committee_client, judged_event):
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    Score.objects.filter(judge__username="juri-a", office__name="Banua Anyar").update(note="=1+1\x01")
    url = reverse("judging:export", kwargs={"slug": judged_event["event"].slug, "fmt": "csv"})

    response = committee_client.get(url + "?sheet=judges")

    lines = response.content.decode("utf-8-sig").splitlines()
    assert (
        lines[1] == "juri-a,Terbaik Pengelolaan Instagram,Kelurahan,Kelurahan Banua Anyar,Kualitas konten,"
        "90.0,100.0,'=1+1"
    )
