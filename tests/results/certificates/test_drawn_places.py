"""The committee's places drawn: every seed place and every shape of issue 13 fits the page."""

import pytest
from django.core.management import call_command

from awards.models import EvaluationEvent, Signatory
from awards.selectors import event_certificate_places
from documents.certificates.drawing import card_draw, certificate_draw
from documents.certificates.layout import certificate_layout
from results.certificates.place_text import place_text
from tests.documents.pages import OG, SQUARE, assert_card_laid_out, assert_certificate_laid_out


@pytest.mark.django_db
def test_certificate_every_seed_place_inside_margins():
    call_command("load_demo", verbosity=0)
    rankings = list(event_certificate_places(EvaluationEvent.objects.get()))
    signatories = list(Signatory.objects.order_by("order"))

    for ranking in rankings:
        text = place_text(ranking, signatories)
        drawing = certificate_draw(text)
        office = " ".join(b.text for b in drawing.boxes if b.role == "office")
        assert office == ranking.office.display_name
        assert_certificate_laid_out(drawing)
        for size in (SQUARE, OG):
            card = card_draw(text, size)
            assert_card_laid_out(card, size)

    assert len(rankings) == 18


# --- the shapes of issue 13: long words fitted, nothing made up


def _role_text(drawing, role):
    return " ".join(b.text for b in drawing.boxes if b.role == role)


def test_certificate_and_cards_of_every_shape_fit_the_page(shapes):
    for event in (shapes.ppid, shapes.media):
        for ranking in shapes.places(event).values():
            text = place_text(ranking, [Signatory(name="Kustini Sri Purnomo", title="Bupati Sleman")])
            drawing = certificate_draw(text)
            assert _role_text(drawing, "category") == text.category
            assert _role_text(drawing, "office") == text.office
            assert_certificate_laid_out(drawing)
            for size in (SQUARE, OG):
                card = card_draw(text, size)
                assert _role_text(card, "position") == text.position
                assert _role_text(card, "category") == text.discipline
                assert_card_laid_out(card, size)


def test_long_mention_title_is_drawn_whole_inside_its_region(shapes):
    place = shapes.places(shapes.ppid)["Kapanewon Kalasan"]
    text = place_text(place, [])
    assert text.category == "Harapan 1 Anugerah Keterbukaan Informasi Publik — Kategori Kapanewon"

    drawing = certificate_draw(text)

    [block] = [b for b in certificate_layout(text, logo=False).blocks if b.role == "category"]
    lines = [b for b in drawing.boxes if b.role == "category"]
    assert " ".join(b.text for b in lines) == text.category
    assert all(b.inside(block.region.x0, block.region.y0, block.region.x1, block.region.y1) for b in lines)
    assert_certificate_laid_out(drawing)


def test_no_channel_and_no_date_print_nothing_made_up(shapes):
    place = shapes.places(shapes.ppid)["Sekretariat DPRD"]
    text = place_text(place, [])

    for drawing in (certificate_draw(text), card_draw(text, SQUARE), card_draw(text, OG)):
        words = " ".join(b.text for b in drawing.boxes)
        assert "None" not in words
        assert "Januari" not in words
        assert "2000" not in words
        assert [b.text for b in drawing.boxes if b.role in ("where-when", "date")] == [
            "Kabupaten Sleman, 2023"
        ]
        assert "Harapan 1" in words
