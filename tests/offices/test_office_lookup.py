"""One office lookup for every import (offices/lookup.py): the same messy cell names the same
office, or fails with the same reason, in the office register, the places and the metrics."""

import pytest
import tablib
from django.utils import translation

from awards.resources import RankingResource
from common.spreadsheets.importing import import_errors_text
from common.spreadsheets.readers import read_sheet
from judging.models import AccountMetrics
from judging.resources import AccountMetricsResource
from offices.lookup import OfficeLookup, kind_parser
from offices.models import Channel, OfficeFormerName, OfficeKind
from offices.resources import OfficeResource
from tests.factories import AwardFactory, CategoryFactory, EventFactory, OfficeAccountFactory, OfficeFactory
from tests.spreadsheets import csv_bytes

pytestmark = pytest.mark.django_db

# (cell as a person writes it, the office it means or None when it is ambiguous)
MESSY = [
    ("diskominfo", "kominfo"),  # short name, another letter case
    ("Kelurahan  Pelambuan", "pelambuan"),  # with the kind's word, two spaces
    ("pelambuan", "pelambuan"),  # without the kind's word
    ("Dinas Kominfo", "kominfo"),  # a former name
    ("kelurahan-pelambuan", "pelambuan"),  # the slug
    ("Sungai Baru", None),  # a kelurahan and an SKPD of that name
]
AMBIGUOUS = (
    "“Sungai Baru” names more than one office (kelurahan-sungai-baru, sungai-baru); write the slug instead."
)


@pytest.fixture
def offices():
    found = {
        "kominfo": OfficeFactory(
            name="Dinas Komunikasi dan Informatika", short_name="Diskominfo", slug="kominfo"
        ),
        "pelambuan": OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN, slug="kelurahan-pelambuan"),
        "sungai-baru-skpd": OfficeFactory(name="Sungai Baru", slug="sungai-baru"),
        "sungai-baru": OfficeFactory(
            name="Sungai Baru", kind=OfficeKind.KELURAHAN, slug="kelurahan-sungai-baru"
        ),
    }
    OfficeFormerName.objects.create(office=found["kominfo"], name="Dinas Kominfo")
    return found


def test_the_lookup_resolves_messy_names_in_one_precedence(offices, django_assert_num_queries):
    with django_assert_num_queries(1):
        lookup = OfficeLookup.of_all_offices()

    with translation.override("en"):
        outcomes = []
        for text, _expected in MESSY:
            try:
                outcomes.append(lookup.find(text).slug)
            except ValueError as exc:
                outcomes.append(str(exc))

    assert outcomes == [
        "kominfo",
        "kelurahan-pelambuan",
        "kelurahan-pelambuan",
        "kominfo",
        "kelurahan-pelambuan",
        AMBIGUOUS,
    ]


def test_a_kind_the_caller_admits_is_tried_first_and_a_given_kind_is_a_must(offices):
    lookup = OfficeLookup.of_all_offices()

    admitted = lookup.find("Sungai Baru", admitted={OfficeKind.KELURAHAN})
    of_kind = lookup.find("Sungai Baru", kind=OfficeKind.SKPD)
    with pytest.raises(ValueError) as excinfo, translation.override("en"):
        lookup.find("Diskominfo", kind=OfficeKind.KELURAHAN)

    assert (admitted.pk, of_kind.pk) == (offices["sungai-baru"].pk, offices["sungai-baru-skpd"].pk)
    assert str(excinfo.value) == "No office “Diskominfo”; add it to the offices first."


def test_the_same_messy_cells_resolve_the_same_way_in_the_register_and_the_places(offices):
    event = EventFactory()
    for n in range(1, len(MESSY) + 1):
        award = AwardFactory(event=event, title=f"Award {n}")
        CategoryFactory(award=award, title="Umum", kinds=[OfficeKind.SKPD, OfficeKind.KELURAHAN])
    # The register names each cell as a parent; the winner list as the office of a place.
    register = [["Name", "Office kind", "Parent office"]] + [
        [f"Bagian {n}", "SKPD", text] for n, (text, _expected) in enumerate(MESSY, 1)
    ]
    places = [["Event", "Award", "Position", "Office name"]] + [
        [event.slug, f"Award {n}", "1", text] for n, (text, _expected) in enumerate(MESSY, 1)
    ]

    with translation.override("en"):
        register_result = OfficeResource().import_data(read_sheet(csv_bytes(register), "csv"), dry_run=True)
        places_result = RankingResource().import_data(read_sheet(csv_bytes(places), "csv"), dry_run=True)
        register_errors = import_errors_text(register_result)
        places_errors = import_errors_text(places_result)

    parents = [row.instance.parent.slug for row in register_result.rows if row.instance is not None]
    place_offices = [row.instance.office.slug for row in places_result.rows if row.instance is not None]
    expected = [slug for _text, slug in MESSY if slug]
    assert parents == place_offices == [offices[key].slug for key in expected]
    assert register_errors == f"Row 7, column “Parent office”: {AMBIGUOUS}"
    assert places_errors == f"Row 7, column “Office name”: {AMBIGUOUS}"


def test_the_metrics_import_names_offices_as_the_other_imports_do(offices):
    event = EventFactory()
    instagram = Channel.objects.get(code="instagram")
    award = AwardFactory(event=event, title="Terbaik Instagram", channel=instagram)
    CategoryFactory(award=award, title="Umum", kinds=[OfficeKind.SKPD, OfficeKind.KELURAHAN])
    for key in ("kominfo", "pelambuan"):
        OfficeAccountFactory(office=offices[key], channel=instagram)
    headers = [str(f.column_name) for f in AccountMetricsResource().get_export_fields()]
    data = tablib.Dataset(headers=headers)
    data.append([event.slug, "diskominfo", "instagram", 1000, 1100, 12, 300, 40, 20, 30, "", 0])
    data.append([event.slug, "Kelurahan Pelambuan", "instagram", 500, 450, 0, 0, 0, 0, 0, "", 0])

    result = AccountMetricsResource().import_data(data, dry_run=False)

    assert (result.has_errors(), result.has_validation_errors()) == (False, False)
    assert sorted(AccountMetrics.objects.values_list("account__office__slug", "posts")) == [
        ("kelurahan-pelambuan", 0),
        ("kominfo", 12),
    ]


def test_a_kind_is_read_as_its_code_name_or_word_in_every_import():
    parse = kind_parser()

    with translation.override("en"):
        read = [parse(text).code for text in ("SKPD", "kelurahan", " Kelurahan ")]
        empty = parse("")
        with pytest.raises(ValueError) as excinfo:
            parse("Kecamatan")

    assert (read, empty) == (["skpd", "kelurahan", "kelurahan"], None)
    assert str(excinfo.value) == "Unknown office kind “Kecamatan”; use SKPD or Kelurahan."
