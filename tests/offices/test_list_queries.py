import pytest
from django.urls import reverse

from offices.models import OfficeFormerName, OfficeKind
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


def make_offices(size: int) -> None:
    kecamatan = OfficeFactory(name="Kecamatan Banjarmasin Barat")
    for n in range(size):
        office = OfficeFactory(name=f"Dinas Contoh {n}")
        OfficeFormerName.objects.create(office=office, name=f"Kantor Lama {n}", until_year=2020)
        OfficeFormerName.objects.create(office=office, name=f"Kantor Lama {n} A")
        OfficeFactory(name=f"Contoh {n}", kind=OfficeKind.KELURAHAN, parent=kecamatan)


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize(
    ("q", "per_size"), [("", 2), ("kantor lama", 1), ("Kelurahan Contoh", 1), ("contoh", 2)]
)
def test_office_list_in_fixed_queries_at_any_size(client, django_assert_num_queries, size, q, per_size):
    make_offices(size)

    # The kinds (the choice of kind, and their printed words for the search), the government
    # (its name heads the page), then the offices with their kinds and parents; a former name is
    # matched inside that query.
    with django_assert_num_queries(3):
        response = client.get(reverse("offices:office-list"), {"q": q})

    assert len(response.context["offices"]) == (per_size * size + 1 if q == "" else per_size * size)


@pytest.mark.parametrize("size", [2, 30])
def test_office_changelist_search_by_former_name_in_fixed_queries(
    committee_client, django_assert_num_queries, size
):
    make_offices(size)

    # Session, user, permissions (2), the kind filter, the parent filter (with the parents'
    # kinds), the kinds' printed words (the search), the count, the total, the page.
    with django_assert_num_queries(11):
        response = committee_client.get(reverse("admin:offices_office_changelist"), {"q": "kantor lama"})

    assert sorted(o.name for o in response.context["cl"].result_list) == sorted(
        f"Dinas Contoh {n}" for n in range(size)
    )
