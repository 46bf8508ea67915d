"""The public score breakdown is the one stored at finalising (defect b), and the score sheets
go through the shared spreadsheet writer (defect c)."""

import io

import pytest
from django.urls import reverse

from awards.models import Ranking
from awards.services import event_publish
from judging.models import Judging, Score
from judging.services import leaderboard_finalise
from tests.helpers import enter_all

pytestmark = pytest.mark.django_db


def breakdown_lines(response) -> list[tuple]:
    return [
        (line.office.display_name, line.position, line.is_shared, line.total, [p for _c, p in line.cells])
        for board in response.context["breakdown"]
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
    response = client.get(event.get_absolute_url())

    assert breakdown_lines(response) == [
        ("Kelurahan Belitung Utara", 1, False, 82.0, [100.0, 70.0]),
        ("Kelurahan Banua Anyar", 2, False, 74.0, [50.0, 90.0]),
        ("Kelurahan Sungai Lulut", 3, False, 36.0, [0.0, 60.0]),
    ]
    assert list(
        Ranking.objects.filter(event=event)
        .order_by("position")
        .values_list("office__name", "position", "score")
    ) == [("Belitung Utara", 1, 82), ("Banua Anyar", 2, 74), ("Sungai Lulut", 3, 36)]


def test_breakdown_is_not_shown_before_finalising_nor_without_opting_in(client, judged_event):
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    event = judged_event["event"]
    event_publish(event=event)
    Judging.objects.filter(pk=judged_event["judging"].pk).update(public_breakdown=True)

    before = client.get(event.get_absolute_url())
    Judging.objects.filter(pk=judged_event["judging"].pk).update(public_breakdown=False)
    leaderboard_finalise(event=event)
    not_opted = client.get(event.get_absolute_url())

    assert (breakdown_lines(before), breakdown_lines(not_opted)) == ([], [])
    assert "Kualitas konten" not in before.content.decode() + not_opted.content.decode()


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
    assert lines[1] == "juri-a,Instagram,Kelurahan,Kelurahan Banua Anyar,Kualitas konten,90.0,100.0,'=1+1"
