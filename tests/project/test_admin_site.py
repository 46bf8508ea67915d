"""The admin in the committee's order of work, each model once, with help on every page of her
path (issue 22; common/admin_site.py)."""

import re

import pytest
from django.urls import reverse

from results.services import event_publish
from tests.factories import AwardFactory, RankingFactory

pytestmark = pytest.mark.django_db

COMMITTEE_SECTIONS = [
    ("1. Acara, penghargaan dan peringkat", ["EvaluationEvent", "Award", "Ranking", "Signatory"]),
    ("2. Peserta", ["Office", "OfficeKind", "Channel", "OfficeAccount"]),
    ("3. Penjurian dalam aplikasi", ["Judging", "Criterion", "JudgeAssignment", "AccountMetrics", "Score"]),
]


def _sections(app_list) -> list[tuple[str, list[str]]]:
    return [(str(app["name"]), [m["object_name"] for m in app["models"]]) for app in app_list]


def test_the_committees_home_is_in_her_order_of_work_each_model_once(committee_client):
    response = committee_client.get(reverse("admin:index"))

    assert _sections(response.context["app_list"]) == COMMITTEE_SECTIONS
    page = response.content.decode()
    assert '<p class="page-help">Kerjakan dari atas ke bawah' in page
    assert '<p class="help">Instansi dan jenisnya (Kapanewon, Kalurahan, …), kanal dan akunnya.</p>' in page


def test_the_sidebar_names_the_offices_once(committee_client):
    response = committee_client.get(reverse("admin:offices_office_changelist"))

    sidebar = response.content.decode().split('id="nav-sidebar"')[1].split("</nav>")[0]
    assert _sections(response.context["available_apps"]) == COMMITTEE_SECTIONS
    assert re.findall(r">\s*(Kantor)\s*<", sidebar) == ["Kantor"]


def test_the_administrator_finds_accounts_last(admin_client):
    response = admin_client.get(reverse("admin:index"))

    names = [name for name, _models in _sections(response.context["app_list"])]
    assert names[:5] == [
        "1. Acara, penghargaan dan peringkat",
        "2. Peserta",
        "3. Penjurian dalam aplikasi",
        "4. Akun dan masuk",
        "5. Instalasi ini",
    ]
    assert names[5:] == []


def test_every_page_of_her_path_has_help(committee_client):
    award = AwardFactory(channel=None)
    RankingFactory(award=award, event=award.event, position=1)
    event_publish(event=award.event)
    pages = [
        reverse("admin:awards_evaluationevent_changelist"),
        reverse("admin:awards_evaluationevent_add"),
        reverse("admin:awards_evaluationevent_change", args=[award.event_id]),
        reverse("admin:awards_evaluationevent_publish", args=[award.event_id]),
        reverse("admin:awards_award_change", args=[award.pk]),
        reverse("admin:offices_office_add"),
        reverse("admin:offices_officekind_add") + "?_popup=1",
        reverse("admin:awards_ranking_changelist"),
    ]

    helped = [url for url in pages if '<p class="page-help">' in committee_client.get(url).content.decode()]

    assert helped == pages
