"""Certificates (piagam penghargaan) and share cards of places, drawn with Pillow.

The layout functions take a PlaceText (the words, already Indonesian) and return the picture and
the boxes they drew, so the tests can prove that nothing leaves its margins or overlaps.
"""

import functools
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageDraw

from awards.drawing import (
    CREAM,
    GOLD,
    GOLD_DARK,
    GOLD_LIGHT,
    INK,
    NAVY,
    SANS,
    SANS_BOLD,
    SERIF,
    SERIF_BOLD,
    SERIF_ITALIC,
    WHITE,
    Box,
    Region,
    draw_text,
    paste_logo,
    seal,
)
from awards.text import PlaceText
from offices.images import logo_image

# A4 landscape at 150 dots per inch.
CERTIFICATE_DPI = 150
CERTIFICATE_SIZE = (1754, 1240)
# Text and pictures stay inside this; the frame is drawn between it and the paper's edge.
CERTIFICATE_MARGIN = 120

SQUARE_SIZE = (1080, 1080)
OG_SIZE = (1200, 630)
CARD_MARGIN = 60


@dataclass
class Drawing:
    image: Image.Image
    boxes: list[Box]
    # The area the boxes must stay inside.
    margins: tuple[int, int, int, int]


@functools.lru_cache(maxsize=1)
def _certificate_frame() -> Image.Image:
    """The paper, double border and corner ornaments: the same on every certificate.

    Drawn once per process; callers copy it before drawing on it.
    """
    width, height = CERTIFICATE_SIZE
    image = Image.new("RGB", CERTIFICATE_SIZE, CREAM)
    draw = ImageDraw.Draw(image)
    draw.rectangle((34, 34, width - 35, height - 35), outline=NAVY, width=10)
    draw.rectangle((54, 54, width - 55, height - 55), outline=GOLD, width=3)
    draw.rectangle((64, 64, width - 65, height - 65), outline=GOLD_LIGHT, width=1)
    # Diamonds at the corners and the middle of each side, over the gold rule.
    points = [
        (59, 59),
        (width - 60, 59),
        (59, height - 60),
        (width - 60, height - 60),
        (width // 2, 59),
        (width // 2, height - 60),
        (59, height // 2),
        (width - 60, height // 2),
    ]
    for x, y in points:
        draw.polygon([(x, y - 16), (x + 16, y), (x, y + 16), (x - 16, y)], fill=GOLD, outline=NAVY)
        draw.polygon([(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)], fill=CREAM)
    return image


def _rule(draw: ImageDraw.ImageDraw, cx: int, y: int, half: int) -> Box:
    """A thin gold rule with a diamond in the middle, under the title."""
    draw.line((cx - half, y, cx - 18, y), fill=GOLD, width=3)
    draw.line((cx + 18, y, cx + half, y), fill=GOLD, width=3)
    draw.polygon([(cx, y - 10), (cx + 10, y), (cx, y + 10), (cx - 10, y)], fill=GOLD)
    return Box("rule", cx - half, y - 10, cx + half, y + 11)


def certificate_draw(text: PlaceText, logo: Image.Image | None = None) -> Drawing:
    """Lay out one certificate: A4 landscape, 150 dpi, everything inside the margins."""
    width, height = CERTIFICATE_SIZE
    m = CERTIFICATE_MARGIN
    image = _certificate_frame().copy()
    draw = ImageDraw.Draw(image)
    cx = width // 2
    boxes: list[Box] = []

    def row(y0: int, y1: int, x0: int = m, x1: int = width - m) -> Region:
        return Region(x0, y0, x1, y1)

    # Top: the seal on the left, the office's logo in the middle.
    seal_image = seal(150, text.year)
    image.paste(seal_image, (m + 10, m - 20), seal_image)
    boxes.append(Box("seal", m + 10, m - 20, m + 10 + seal_image.width, m - 20 + seal_image.height))
    if logo is not None:
        boxes.append(paste_logo(image, logo, row(m - 20, m + 120, cx - 70, cx + 70)))

    # Beside the seal the lines are narrower, so the seal and the text never meet.
    beside = m + 10 + seal_image.width + 20
    boxes += draw_text(
        draw,
        text.city_line,
        role="city",
        face=SANS_BOLD,
        region=row(250, 300, beside, width - beside),
        max_size=32,
        min_size=20,
        fill=NAVY,
    )
    boxes += draw_text(
        draw,
        "PIAGAM PENGHARGAAN",
        role="title",
        face=SERIF_BOLD,
        region=row(300, 400, beside, width - beside),
        max_size=84,
        min_size=48,
        fill=NAVY,
    )
    boxes.append(_rule(draw, cx, 418, 260))
    boxes += draw_text(
        draw,
        "diberikan kepada",
        role="given-to",
        face=SERIF_ITALIC,
        region=row(436, 474),
        max_size=30,
        fill=INK,
    )
    boxes += draw_text(
        draw,
        text.office,
        role="office",
        face=SERIF_BOLD,
        region=row(482, 614),
        max_size=64,
        min_size=30,
        max_lines=3,
        fill=NAVY,
        spacing=1.05,
    )
    boxes += draw_text(
        draw,
        "atas prestasinya sebagai",
        role="as",
        face=SERIF_ITALIC,
        region=row(628, 664),
        max_size=30,
        fill=INK,
    )
    boxes += draw_text(
        draw,
        text.category,
        role="category",
        face=SERIF_BOLD,
        region=row(668, 770),
        max_size=42,
        min_size=26,
        max_lines=2,
        fill=GOLD_DARK,
    )
    boxes += draw_text(
        draw,
        f"dalam {text.event}",
        role="event",
        face=SERIF,
        region=row(774, 842),
        max_size=32,
        min_size=22,
        max_lines=2,
        fill=INK,
    )
    boxes += draw_text(
        draw,
        text.where_when,
        role="where-when",
        face=SERIF,
        region=row(846, 884),
        max_size=28,
        min_size=18,
        fill=INK,
    )
    boxes += _signatories(draw, text.signatories, row(910, height - m))
    return Drawing(image=image, boxes=boxes, margins=(m - 30, m - 30, width - m + 30, height - m + 30))


def _signatories(draw: ImageDraw.ImageDraw, people: tuple[tuple[str, str], ...], region: Region) -> list[Box]:
    """One column per signatory: title, room to sign, name over a line."""
    if not people:
        return []
    boxes: list[Box] = []
    gap = 30
    column = (region.width - gap * (len(people) - 1)) // len(people)
    for i, (name, title) in enumerate(people):
        x0 = region.x0 + i * (column + gap)
        x1 = x0 + column
        boxes += draw_text(
            draw,
            title,
            role="signatory-title",
            face=SANS,
            region=Region(x0, region.y0, x1, region.y0 + 64),
            max_size=24,
            min_size=14,
            max_lines=2,
            valign="top",
            fill=INK,
        )
        name_boxes = draw_text(
            draw,
            name,
            role="signatory-name",
            face=SERIF_BOLD,
            region=Region(x0, region.y1 - 44, x1, region.y1 - 8),
            max_size=28,
            min_size=14,
            fill=NAVY,
            valign="bottom",
        )
        boxes += name_boxes
        ink = name_boxes[0]
        draw.line((ink.x0 - 10, region.y1 - 2, ink.x1 + 10, region.y1 - 2), fill=NAVY, width=2)
        boxes.append(Box("signature-line", ink.x0 - 10, region.y1 - 3, ink.x1 + 10, region.y1 - 1))
    return boxes


def card_draw(text: PlaceText, size: tuple[int, int], logo: Image.Image | None = None) -> Drawing:
    """A share card: navy, gold and white, readable as a thumbnail in a timeline."""
    width, height = size
    m = CARD_MARGIN
    image = Image.new("RGB", size, NAVY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, width - 21, height - 21), outline=GOLD, width=4)
    draw.rectangle((30, 30, width - 31, height - 31), outline=GOLD_LIGHT, width=1)
    boxes: list[Box] = []
    square = height >= width
    seal_size = 170 if square else 130
    seal_image = seal(seal_size, text.year)

    if square:
        sx = (width - seal_image.width) // 2
        image.paste(seal_image, (sx, m), seal_image)
        boxes.append(Box("seal", sx, m, sx + seal_image.width, m + seal_image.height))
        top = m + seal_image.height + 20
        content = Region(m, top, width - m, height - m)
        logo_region = None
        if logo is not None:
            logo_region = Region(width - m - 140, m, width - m, m + 140)
    else:
        image.paste(seal_image, (m, m), seal_image)
        boxes.append(Box("seal", m, m, m + seal_image.width, m + seal_image.height))
        left = m + seal_image.width + 40
        content = Region(left, m, width - m, height - m)
        logo_region = Region(m, height - m - 130, m + seal_image.width, height - m) if logo else None

    if logo is not None and logo_region is not None:
        # A white plate, so that a dark logo stays visible on the navy card.
        draw.rounded_rectangle(
            (logo_region.x0, logo_region.y0, logo_region.x1, logo_region.y1), radius=14, fill=WHITE
        )
        inner = Region(logo_region.x0 + 10, logo_region.y0 + 10, logo_region.x1 - 10, logo_region.y1 - 10)
        paste_logo(image, logo, inner)
        boxes.append(Box("logo", logo_region.x0, logo_region.y0, logo_region.x1, logo_region.y1))

    # Vertical shares of the content area: a fixed plan keeps the blocks from meeting.
    plan = [
        ("city", text.city_line, SANS_BOLD, 0.10, 30, 16, 1, GOLD_LIGHT),
        ("position", text.position, SERIF_BOLD, 0.17, 76 if square else 60, 30, 1, GOLD),
        ("category", text.discipline, SANS, 0.10, 34 if square else 28, 16, 1, WHITE),
        ("office", text.office, SERIF_BOLD, 0.33, 64 if square else 50, 20, 3, WHITE),
        ("event", text.event, SANS, 0.18, 30 if square else 24, 14, 2, GOLD_LIGHT),
        ("date", text.where_when, SANS, 0.12, 26 if square else 22, 12, 1, GOLD_LIGHT),
    ]
    y = content.y0
    for role, words, face, share, max_size, min_size, lines, colour in plan:
        y1 = y + int(content.height * share)
        boxes += draw_text(
            draw,
            words,
            role=role,
            face=face,
            region=Region(content.x0, y, content.x1, y1),
            max_size=max_size,
            min_size=min_size,
            max_lines=lines,
            fill=colour,
            align="center" if square else "left",
        )
        y = y1
    return Drawing(image=image, boxes=boxes, margins=(m - 10, m - 10, width - m + 10, height - m + 10))


def _logo_for(text: PlaceText) -> Image.Image | None:
    return logo_image(text.logo_name) if text.logo_name else None


def certificate_png(text: PlaceText, logo: Image.Image | None = None) -> bytes:
    image = certificate_draw(text, logo if logo is not None else _logo_for(text)).image
    return _png(image)


def certificate_pdf(text: PlaceText, logo: Image.Image | None = None) -> bytes:
    image = certificate_draw(text, logo if logo is not None else _logo_for(text)).image
    return _pdf(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # Level 3 is most of level 6's size for a fraction of its time on these flat pictures.
    image.save(out, format="PNG", compress_level=3, dpi=(CERTIFICATE_DPI, CERTIFICATE_DPI))
    return out.getvalue()


def _pdf(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # resolution makes the page 1754 × 1240 px at 150 dpi = 842 × 595 pt, one A4 landscape page.
    image.save(out, format="PDF", resolution=CERTIFICATE_DPI, quality=92, title="Piagam Penghargaan")
    return out.getvalue()


def square_card_png(text: PlaceText, logo: Image.Image | None = None) -> bytes:
    return _png(card_draw(text, SQUARE_SIZE, logo if logo is not None else _logo_for(text)).image)


def og_card_png(text: PlaceText, logo: Image.Image | None = None) -> bytes:
    return _png(card_draw(text, OG_SIZE, logo if logo is not None else _logo_for(text)).image)


class _Sink:
    """A write-only buffer that zipfile writes into and the response drains after each file."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = bytes(self.buffer)
        self.buffer.clear()
        return data


def certificates_zip(entries: Iterator[tuple[str, PlaceText]]) -> Iterator[bytes]:
    """A ZIP of a PDF and a PNG per place, produced piece by piece.

    Each certificate is drawn, written and handed on before the next is drawn, so memory stays at
    about one certificate whatever the number of places. zipfile writes to a stream it cannot
    seek in by putting each file's sizes after its data.
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for stem, text in entries:
            image = certificate_draw(text, _logo_for(text)).image
            # PNG and PDF are compressed already; storing them keeps the ZIP cheap to make.
            archive.writestr(f"{stem}.pdf", _pdf(image))
            yield sink.drain()
            archive.writestr(f"{stem}.png", _png(image))
            yield sink.drain()
    yield sink.drain()
