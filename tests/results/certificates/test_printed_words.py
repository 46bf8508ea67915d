"""A published place's words come from its version's rows, as they were printed."""

import pytest

from awards.models import Signatory
from offices.services import office_save
from results.certificates.place_text import place_text, printed_place_text
from results.models import VersionPlace, VersionSignatory
from results.services import event_publish
from tests.results.certificates.shapes import make_shapes

pytestmark = pytest.mark.django_db


def _row(ranking) -> VersionPlace:
    return VersionPlace.objects.select_related("category__award__version__event").get(
        version__is_current=True, ranking_id=ranking.pk
    )


def test_printed_words_are_the_words_of_the_place_published():
    shapes = make_shapes()
    Signatory.objects.create(event=shapes.ppid, name="Kustini", title="Bupati Sleman", order=1)
    Signatory.objects.create(event=shapes.ppid, name="Danang", title="Wakil Bupati Sleman", order=2)
    event_publish(event=shapes.ppid)
    event_publish(event=shapes.media)

    for event in (shapes.ppid, shapes.media):
        for ranking in shapes.places(event).values():
            row = _row(ranking)
            printed = list(VersionSignatory.objects.filter(version_id=row.version_id))
            live = list(event.signatories.order_by("order"))
            assert printed_place_text(row, printed) == place_text(ranking, live)
    depok = _row(shapes.places(shapes.ppid)["Kapanewon Depok"])
    text = printed_place_text(depok, list(VersionSignatory.objects.filter(version_id=depok.version_id)))
    assert [s[:2] for s in text.signatories] == [
        ("Kustini", "Bupati Sleman"),
        ("Danang", "Wakil Bupati Sleman"),
    ]
    assert (text.office, text.channel) == ("Kapanewon Depok", "")


def test_a_renamed_office_does_not_rewrite_what_was_printed():
    shapes = make_shapes()
    event_publish(event=shapes.ppid)
    place = shapes.places(shapes.ppid)["Dinas Komunikasi dan Informatika"]
    office = place.office
    office.name = "Dinas Komunikasi, Informatika dan Persandian"
    office_save(office=office)

    assert printed_place_text(_row(place), []).office == "Dinas Komunikasi dan Informatika"
