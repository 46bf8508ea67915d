"""ReportLab drawing of a certificate's ``layout.Layout``: a vector PDF for print.

The same plan as the picture for screens (drawing.py), drawn in points: A4 landscape, the frame,
seal, rule and QR code as vector paths, the words as text in the embedded DejaVu faces (a reader,
a search or a screen reader finds them), the pictures (logo, emblem, signatures, stamps,
background) as image XObjects, each prepared once (``pictures.Pictures``). Text is fitted as the
picture fits it, with the faces' own widths, so a long office name shrinks and wraps alike.

Drawn with ``invariant=1``: no time or random id in the file, so one text drawn twice gives the
same bytes (a version's certificate is drawn identically again). Why ReportLab: docs/decisions.md.
"""

import functools
import io
import math

from django.conf import settings
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from documents.certificates.drawing import QR_BORDER, SMALLEST_SIZE, qr_code
from documents.certificates.layout import (
    CERTIFICATE_DPI,
    CERTIFICATE_SIZE,
    CREAM,
    GOLD,
    GOLD_LIGHT,
    INK,
    NAVY,
    SANS,
    SERIF_BOLD,
    WHITE,
    Layout,
    QRMark,
    Region,
    TextBlock,
    certificate_layout,
    seal_height,
)
from documents.certificates.pictures import Pictures
from documents.certificates.words import PlaceText

FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "dejavu"
PAGE = landscape(A4)
# Binary streams, not ASCII85 text: a quarter smaller, and no encoding pass over every image on
# every page (ReportLab's documented setting; the app writes no PDF meant for 7-bit channels).
rl_config.useA85 = 0
# Points per pixel of the plan (drawn at 150 dpi): 72 / 150.
K = 72 / CERTIFICATE_DPI


@functools.cache
def _font(face: str) -> str:
    """Register a DejaVu face once per process (ReportLab embeds the glyphs a page uses)."""
    name = face.removesuffix(".ttf")
    pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / face)))
    return name


def _rgb(colour: tuple[int, int, int]) -> tuple[float, float, float]:
    return tuple(c / 255 for c in colour)


def _x(px: float) -> float:
    return px * K


def _y(px: float) -> float:
    """The plan counts pixels down from the top; a PDF counts points up from the bottom."""
    return PAGE[1] - px * K


def _cut_long_words(text: str, font: str, size: float, width: float) -> str:
    words = []
    for word in text.split():
        if pdfmetrics.stringWidth(word, font, size) <= width:
            words.append(word)
            continue
        current = ""
        for char in word:
            if current and pdfmetrics.stringWidth(current + char, font, size) > width:
                words.append(current)
                current = char
            else:
                current += char
        words.append(current)
    return " ".join(words)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy wrapping at spaces, as Pillow's ImageText.Text.wrap does for the picture."""
    lines, line = [], ""
    for word in _cut_long_words(text, font, size, width).split():
        candidate = f"{line} {word}" if line else word
        if line and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _metrics(font: str) -> tuple[float, float]:
    face = pdfmetrics.getFont(font).face
    return face.ascent / 1000, -face.descent / 1000


def _line_height(font: str, size: float, spacing: float) -> float:
    ascent, descent = _metrics(font)
    return (ascent + descent) * size * spacing


def _sizes(block: TextBlock) -> list[int]:
    sizes, size = [], block.max_size
    while size > SMALLEST_SIZE:
        sizes.append(size)
        size -= 2 if size > block.min_size else 1
    return [*sizes, SMALLEST_SIZE]


def _wrapped(block: TextBlock, font: str, size_px: int) -> tuple[float, list[str], bool]:
    size = size_px * K
    width, height = block.region.width * K, block.region.height * K
    if pdfmetrics.stringWidth(block.text, font, size) <= width:
        lines = [block.text]
    else:
        lines = _wrap(block.text, font, size, width)
    fits_lines = len(lines) <= block.max_lines or size_px < block.min_size
    return size, lines, fits_lines and len(lines) * _line_height(font, size, block.spacing) <= height


def fit(block: TextBlock) -> tuple[str, float, list[str]]:
    """The font, the largest size (points) at which the text wraps into the region, the lines."""
    font = _font(block.face)
    sizes = _sizes(block)
    size, lines, fits = _wrapped(block, font, sizes[0])
    if fits:
        return font, size, lines
    low, high = 1, len(sizes) - 1
    while low < high:
        middle = (low + high) // 2
        if _wrapped(block, font, sizes[middle])[2]:
            high = middle
        else:
            low = middle + 1
    size, lines, _fits = _wrapped(block, font, sizes[low])
    return font, size, lines


def _text(canvas: Canvas, block: TextBlock) -> None:
    if not block.text:
        return
    font, size, lines = fit(block)
    region = block.region
    line_height = _line_height(font, size, block.spacing)
    total = line_height * len(lines)
    top = {"top": _y(region.y0), "bottom": _y(region.y1) + total}.get(
        block.valign, _y(region.y0) - (region.height * K - total) / 2
    )
    ascent, _descent = _metrics(font)
    canvas.setFont(font, size)
    canvas.setFillColorRGB(*_rgb(block.fill))
    baseline = top - ascent * size
    first_width = pdfmetrics.stringWidth(lines[0], font, size)
    for line in lines:
        if block.align == "left":
            canvas.drawString(_x(region.x0), baseline, line)
        elif block.align == "right":
            canvas.drawRightString(_x(region.x1), baseline, line)
        else:
            canvas.drawCentredString(_x(region.x0 + region.width / 2), baseline, line)
        baseline -= line_height
    if block.underline:
        # A line to sign on, under the name, as wide as its first line and 10 px more each side.
        x0 = {"left": _x(region.x0), "right": _x(region.x1) - first_width}.get(
            block.align, _x(region.x0 + region.width / 2) - first_width / 2
        )
        line_y = _y(region.y1 + 6)
        canvas.setStrokeColorRGB(*_rgb(block.fill))
        canvas.setLineWidth(2 * K)
        canvas.line(x0 - 10 * K, line_y, x0 + first_width + 10 * K, line_y)


def _polygon(canvas: Canvas, points: list[tuple[float, float]], fill: tuple[int, int, int]) -> None:
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    canvas.setFillColorRGB(*_rgb(fill))
    canvas.drawPath(path, stroke=0, fill=1)


def _classic_paper(canvas: Canvas) -> None:
    """Cream paper, a navy and two gold rules, diamonds at the corners and the middles."""
    width, height = CERTIFICATE_SIZE
    canvas.setFillColorRGB(*_rgb(CREAM))
    canvas.rect(0, 0, PAGE[0], PAGE[1], stroke=0, fill=1)

    def frame(inset: float, colour, line: float) -> None:
        canvas.setStrokeColorRGB(*_rgb(colour))
        canvas.setLineWidth(line * K)
        x0, y0 = inset + line / 2, inset + line / 2
        canvas.rect(_x(x0), _y(height - y0), (width - 2 * x0) * K, (height - 2 * y0) * K, stroke=1, fill=0)

    frame(34, NAVY, 10)
    frame(54, GOLD, 3)
    frame(64, GOLD_LIGHT, 1)
    corners = [(59, 59), (width - 60, 59), (59, height - 60), (width - 60, height - 60)]
    middles = [(width // 2, 59), (width // 2, height - 60), (59, height // 2), (width - 60, height // 2)]
    for x, y in [*corners, *middles]:
        for radius, colour in ((16, GOLD), (6, CREAM)):
            _polygon(
                canvas,
                [
                    (_x(x), _y(y - radius)),
                    (_x(x + radius), _y(y)),
                    (_x(x), _y(y + radius)),
                    (_x(x - radius), _y(y)),
                ],
                colour,
            )


def _formal_paper(canvas: Canvas) -> None:
    """White paper with a thin black double rule."""
    width, height = CERTIFICATE_SIZE
    canvas.setStrokeColorRGB(*_rgb(INK))
    for inset, line in ((46, 4), (56.5, 1)):
        canvas.setLineWidth(line * K)
        canvas.rect(_x(inset), _y(height - inset), (width - 2 * inset) * K, (height - 2 * inset) * K)


def _seal(canvas: Canvas, region: Region, label: str) -> None:
    """The gold rosette of today's design, as paths: ribbons, scalloped edge, rings, dots, star."""
    d = region.width
    height = seal_height(d)
    ox, oy = region.x0, region.y0
    c = d / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return _x(ox + x), _y(oy + y)

    ribbon_w = d * 0.18
    for direction in (-1, 1):
        x_top, x_bottom = c + direction * d * 0.12, c + direction * d * 0.30
        _polygon(
            canvas,
            [
                at(x_top - ribbon_w / 2, c),
                at(x_top + ribbon_w / 2, c),
                at(x_bottom + ribbon_w / 2, height - 1),
                at(x_bottom, height - ribbon_w * 0.6),
                at(x_bottom - ribbon_w / 2, height - 1),
            ],
            NAVY,
        )
    teeth = 36
    edge = []
    for i in range(teeth * 2):
        radius = c if i % 2 == 0 else c * 0.9
        angle = i * math.pi / teeth
        edge.append(at(c + radius * math.cos(angle), c + radius * math.sin(angle)))
    _polygon(canvas, edge, GOLD)
    centre = at(c, c)
    for ratio, colour in ((0.82, GOLD_LIGHT), (0.78, GOLD), (0.62, GOLD_LIGHT), (0.58, GOLD)):
        canvas.setFillColorRGB(*_rgb(colour))
        canvas.circle(*centre, c * ratio * K, stroke=0, fill=1)
    canvas.setFillColorRGB(*_rgb(NAVY))
    for i in range(24):
        angle = i * math.pi / 12
        canvas.circle(
            *at(c + c * 0.70 * math.cos(angle), c + c * 0.70 * math.sin(angle)),
            c * 0.025 * K,
            stroke=0,
            fill=1,
        )
    star = []
    for i in range(10):
        radius = c * 0.34 if i % 2 == 0 else c * 0.14
        angle = -math.pi / 2 + i * math.pi / 5
        star.append(at(c + radius * math.cos(angle), c - c * 0.12 + radius * math.sin(angle)))
    _polygon(canvas, star, WHITE)
    if label:
        font, size = _font(SERIF_BOLD), int(c * 0.22) * K
        ascent, descent = _metrics(font)
        x, y = at(c, c + c * 0.34)
        canvas.setFont(font, size)
        canvas.setFillColorRGB(*_rgb(NAVY))
        # Centred on the point both ways, as Pillow's "mm" anchor.
        canvas.drawCentredString(x, y - (ascent - descent) * size / 2, label)


def _rule(canvas: Canvas, region: Region, colour: tuple[int, int, int]) -> None:
    cx, y = (region.x0 + region.x1) // 2, region.y0 + 10
    canvas.setStrokeColorRGB(*_rgb(colour))
    canvas.setLineWidth(3 * K)
    canvas.line(_x(region.x0), _y(y), _x(cx - 18), _y(y))
    canvas.line(_x(cx + 18), _y(y), _x(region.x1), _y(y))
    _polygon(
        canvas,
        [(_x(cx), _y(y - 10)), (_x(cx + 10), _y(y)), (_x(cx), _y(y + 10)), (_x(cx - 10), _y(y))],
        colour,
    )


def _qr(canvas: Canvas, mark: QRMark) -> None:
    """The QR code as vector squares: one rectangle per run of dark modules in a row, on white
    with its quiet zone; each module the same whole number of plan pixels as on the picture."""
    qr = qr_code(mark.data)
    modules = qr.symbol_size(border=QR_BORDER)[0]
    scale = min(mark.region.width, mark.region.height) // modules
    if scale < 1:
        raise ValueError(f"A QR code of {modules} modules does not fit in {mark.region}.")
    side = modules * scale
    x0 = mark.region.x0 + (mark.region.width - side) // 2
    y0 = mark.region.y0 + (mark.region.height - side) // 2
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(_x(x0), _y(y0 + side), side * K, side * K, stroke=0, fill=1)
    path = canvas.beginPath()
    for r, row in enumerate(qr.matrix_iter(border=QR_BORDER)):
        run_start = None
        for col, dark in enumerate([*row, 0]):
            if dark and run_start is None:
                run_start = col
            elif not dark and run_start is not None:
                path.rect(
                    _x(x0 + run_start * scale),
                    _y(y0 + (r + 1) * scale),
                    (col - run_start) * scale * K,
                    scale * K,
                )
                run_start = None
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)


def _image(canvas: Canvas, reader, region: Region) -> None:
    """A picture scaled into its region keeping its shape, centred; transparency kept."""
    canvas.drawImage(
        reader,
        _x(region.x0),
        _y(region.y1),
        region.width * K,
        region.height * K,
        mask="auto",
        preserveAspectRatio=True,
        anchor="c",
    )


def draw(canvas: Canvas, layout: Layout, text: PlaceText, logo, pictures: Pictures | None) -> None:
    """One certificate's page on ``canvas``."""
    # The plain paper pictures lie on (None over the committee's background, which shows through).
    paper = {"certificate": CREAM, "formal": WHITE}.get(layout.paper)
    if layout.paper == "certificate":
        _classic_paper(canvas)
    elif layout.paper == "formal":
        _formal_paper(canvas)
    for mark in layout.pictures:
        reader = pictures.reader(mark.role, mark.name, paper) if pictures is not None else None
        if reader is None:
            continue
        if mark.role == "background":
            canvas.drawImage(reader, 0, 0, PAGE[0], PAGE[1])
        else:
            _image(canvas, reader, mark.region)
    if layout.seal is not None:
        _seal(canvas, layout.seal, text.year)
    if logo is not None and layout.logo is not None:
        # The logo's picture prepared once (a place has a PDF and a PNG) when ``pictures`` reads it.
        reader = (
            pictures.reader("logo", text.logo_name, paper)
            if pictures is not None and text.logo_name
            else None
        )
        _image(canvas, reader or ImageReader(logo), layout.logo)
    if layout.rule is not None:
        _rule(canvas, layout.rule, INK if layout.paper == "formal" else GOLD)
    if layout.qr is not None:
        _qr(canvas, layout.qr)
    for block in layout.blocks:
        _text(canvas, block)


def certificate_pdf(text: PlaceText, logo=None, pictures: Pictures | None = None) -> bytes:
    """One certificate as a one-page A4 landscape PDF; the same text gives the same bytes."""
    out = io.BytesIO()
    # The canvas starts in a DejaVu face: its default (Helvetica) would be listed unembedded.
    canvas = Canvas(
        out, pagesize=PAGE, invariant=1, pageCompression=1, lang="id-ID", initialFontName=_font(SANS)
    )
    canvas.setTitle(f"Piagam Penghargaan — {text.office}")
    canvas.setSubject(text.category)
    canvas.setAuthor(text.city_line)
    canvas.setCreator("Smart City Awards")
    draw(canvas, certificate_layout(text, logo=logo is not None), text, logo, pictures)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
