"""Requests are bounded, and the largest real form still fits within the bounds."""

import pytest
from django.urls import reverse

from awards.models import EvaluationEvent, Ranking
from offices.models import OfficeKind
from tests.factories import AwardFactory, CategoryFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def award_page_data(award, rows):
    """The POST data of an award's admin page: its saved categories unchanged, ``rows`` new places
    as (category, office, position)."""
    categories = list(award.categories.order_by("order", "pk"))
    data = {
        "event": str(award.event_id),
        "title": award.title,
        "channel": "",
        "order": str(award.order),
        "categories-TOTAL_FORMS": str(len(categories)),
        "categories-INITIAL_FORMS": str(len(categories)),
        "rankings-TOTAL_FORMS": str(len(rows)),
        "rankings-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    for i, category in enumerate(categories):
        data.update(
            {
                f"categories-{i}-id": str(category.pk),
                f"categories-{i}-award": str(award.pk),
                f"categories-{i}-order": str(category.order),
                f"categories-{i}-title": category.title,
                f"categories-{i}-kinds": [k.pk for k in category.kinds.all()],
                f"categories-{i}-places": str(category.places),
                f"categories-{i}-mentions": str(category.mentions),
            }
        )
    for i, (category, office, position) in enumerate(rows):
        data.update(
            {
                f"rankings-{i}-category": str(category.pk),
                f"rankings-{i}-office": str(office.pk),
                f"rankings-{i}-level": "1",
                f"rankings-{i}-position": str(position),
                f"rankings-{i}-score": "",
                f"rankings-{i}-citation": "",
            }
        )
    return data


def test_award_page_with_a_hundred_place_rows_saves(admin_client, settings):
    # A superuser: this is about the bounds of a request, not the committee's rights (which the
    # admin's migration gives on awards).
    award = AwardFactory(title="Anugerah Inovasi", channel=None)
    opd = CategoryFactory(award=award, title="OPD", kinds=[OfficeKind.SKPD], places=50, order=1)
    kapanewon = CategoryFactory(award=award, title="Kapanewon", kinds=[OfficeKind.SKPD], places=50, order=2)
    offices = [OfficeFactory(name=f"Dinas Uji {n:03}") for n in range(100)]
    rows = [(opd if n < 50 else kapanewon, office, n % 50 + 1) for n, office in enumerate(offices)]
    data = award_page_data(award, rows)

    response = admin_client.post(reverse("admin:awards_award_change", args=[award.pk]), data)

    assert len(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert Ranking.objects.filter(award=award).count() == 100
    assert EvaluationEvent.objects.count() == 1


def test_form_with_too_many_fields_is_refused(committee_client, settings):
    data = {f"field-{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    response = committee_client.post(reverse("admin:awards_evaluationevent_add"), data)

    assert response.status_code == 400
    assert EvaluationEvent.objects.count() == 0


def test_body_over_the_memory_limit_is_refused(committee_client, settings):
    data = {"title": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}

    response = committee_client.post(reverse("admin:awards_evaluationevent_add"), data)

    assert response.status_code == 400
    assert EvaluationEvent.objects.count() == 0
