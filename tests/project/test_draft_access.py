"""Drafts: the admin's "view on site" shortcut and the winner-list download obey one rule."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from awards.models import EvaluationEvent
from results.services import event_publish
from tests.factories import EventFactory, OfficeFactory, RankingFactory, make_committee_member

pytestmark = pytest.mark.django_db


def staff(*codenames: str):
    user = get_user_model().objects.create_user("staf", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def draft():
    event = EventFactory(slug="rahasia-2022", title="Rahasia 2022")
    RankingFactory(event=event, office=OfficeFactory(name="Dinas Kesehatan"), position=1)
    return event


def shortcut(event) -> str:
    content_type = ContentType.objects.get_for_model(EvaluationEvent)
    return f"/admin/r/{content_type.pk}/{event.pk}/"


def test_view_on_site_of_a_draft_is_404_for_staff_who_may_not_see_drafts(client, draft):
    client.force_login(staff("view_office"))

    response = client.get(shortcut(draft))

    assert response.status_code == 404
    assert "rahasia-2022" not in response.headers.get("Location", "")


def test_view_on_site_of_a_draft_redirects_the_committee(client, draft):
    client.force_login(make_committee_member())

    response = client.get(shortcut(draft))

    assert (response.status_code, response["Location"]) == (302, "http://testserver/events/rahasia-2022/")


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "ods"])
def test_draft_winner_list_needs_the_export_permission(client, draft, fmt):
    client.force_login(staff("view_evaluationevent", "view_ranking"))

    response = client.get(f"/events/rahasia-2022/pemenang.{fmt}")

    # Without the export permission the public file is served, and a draft has none.
    assert response.status_code == 404
    assert "Dinas Kesehatan" not in response.content.decode(errors="replace")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_draft_winner_list_downloads_for_the_committee(client, draft, fmt):
    client.force_login(make_committee_member())

    response = client.get(f"/events/rahasia-2022/pemenang.{fmt}")

    assert response.status_code == 200
    assert "Dinas Kesehatan" in response.content.decode()


def test_published_winner_list_downloads_for_anyone(client, draft):
    event_publish(event=draft)

    response = client.get("/events/rahasia-2022/pemenang.json")

    assert response.status_code == 200
    assert "Dinas Kesehatan" in response.content.decode()
