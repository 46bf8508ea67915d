"""The pages the certificates and cards are measured against, from the paper, not the code."""

import itertools

# The page, from the paper and the resolution, not from the code under test.
DPI = 150


def mm_to_px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


A4_LANDSCAPE = (mm_to_px(297), mm_to_px(210))
# Words stay 2 cm from the paper's edge, the seal and the logo 1.5 cm: the printed frame (its
# rules and diamonds) takes the outer 76 px, 1.3 cm.
A4_TEXT_AREA = (mm_to_px(20), mm_to_px(20), A4_LANDSCAPE[0] - mm_to_px(20), A4_LANDSCAPE[1] - mm_to_px(20))
A4_PICTURE_AREA = (mm_to_px(15), mm_to_px(15), A4_LANDSCAPE[0] - mm_to_px(15), A4_LANDSCAPE[1] - mm_to_px(15))
SQUARE = (1080, 1080)
OG = (1200, 630)
# A card's gold border takes its outer 31 px; everything stays 40 px inside the edge.
CARD_INSET = 40
# Words the text area holds; the verification code and its address are among them.
TEXT_ROLES = {
    "city",
    "title",
    "given-to",
    "office",
    "as",
    "category",
    "event",
    "where-when",
    "signatory-title",
    "signatory-name",
    "signatory-nip",
    "code",
    "address",
}


CARD_ROLES = {"position", "date"}


def card_area(size):
    return (CARD_INSET, CARD_INSET, size[0] - CARD_INSET, size[1] - CARD_INSET)


def assert_laid_out(drawing, text_area, picture_area):
    """Words inside text_area, everything inside picture_area, no two boxes meeting."""
    text_outside = [b for b in drawing.boxes if b.role in TEXT_ROLES and not b.inside(*text_area)]
    assert text_outside == []
    outside = [b for b in drawing.boxes if not b.inside(*picture_area)]
    assert outside == []
    overlapping = [(a, b) for a, b in itertools.combinations(drawing.boxes, 2) if a.overlaps(b)]
    assert overlapping == []


def assert_certificate_laid_out(drawing):
    # Measured against the page drawn: its own size must be A4 landscape at 150 dpi.
    assert drawing.image.size == A4_LANDSCAPE
    assert_laid_out(drawing, A4_TEXT_AREA, A4_PICTURE_AREA)
    assert_ink_inside(drawing, (0, 0, *drawing.image.size))


def assert_card_laid_out(drawing, size):
    assert drawing.image.size == size
    assert_laid_out(drawing, card_area(size), card_area(size))
    assert_ink_inside(drawing, (0, 0, *size))


def assert_ink_inside(drawing, page):
    """Each text box lies on the page and holds ink: the box Pillow measured (textbbox) is where
    the picture really changed colour, so the boxes checked above are what was drawn."""
    assert [b for b in drawing.boxes if not b.inside(*page)] == []
    for box in drawing.boxes:
        if box.role in TEXT_ROLES | CARD_ROLES:
            colours = drawing.image.crop((box.x0, box.y0, box.x1, box.y1)).getcolors(1 << 20)
            assert colours is not None and len(colours) > 1, box
