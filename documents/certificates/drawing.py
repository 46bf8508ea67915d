"""Pillow drawing of a ``layout.Layout``: fonts, fitted text, frame, seal, logo, QR code; PNG and PDF.

The logo comes in as a picture the caller opened (or None): the drawing reads no storage.

Text is fitted with Pillow's own tools: ``ImageText.Text.wrap`` breaks it into lines of the
region's width, ``FreeTypeFont.font_variant`` gives the smaller sizes, ``ImageDraw.textbbox``
reports the ink drawn. What is drawn is returned as boxes, which the tests check against the page.
"""

import functools
import io
import math
from dataclasses import dataclass

import segno
from django.conf import settings
from PIL import Image, ImageDraw, ImageFont, ImageOps, ImageText

from documents.certificates.layout import (
    CERTIFICATE_DPI,
    CERTIFICATE_SIZE,
    CREAM,
    GOLD,
    GOLD_LIGHT,
    INK,
    NAVY,
    OG_SIZE,
    PRINT_DPI,
    PRINT_SCALE,
    SERIF_BOLD,
    SQUARE_SIZE,
    WHITE,
    Box,
    Layout,
    PictureMark,
    QRMark,
    Region,
    TextBlock,
    card_layout,
    certificate_layout,
    scaled,
    seal_height,
)
from documents.certificates.pictures import Pictures
from documents.certificates.words import PlaceText

# Shipped with the code (static/fonts/dejavu, Bitstream Vera licence): nothing depends on the
# fonts of the machine, nothing is fetched at run time.
FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "dejavu"
# The quiet zone a scanner needs around a QR code, in modules (ISO/IEC 18004).
QR_BORDER = 4
# The QR codes' mask pattern (see qr_code).
QR_MASK = 2
# Below this a text is not made smaller: an absurd text gets small rather than leaving its region.
SMALLEST_SIZE = 8


@functools.lru_cache(maxsize=128)
def font(face: str, size: int) -> ImageFont.FreeTypeFont:
    # Read-only objects keyed by (face, size): per-process memoisation, not state that could
    # differ between app servers. Other sizes are variants of the face loaded once.
    if size == 0:
        return ImageFont.truetype(str(FONT_DIR / face), 10)
    return font(face, 0).font_variant(size=size)


@dataclass
class Drawing:
    image: Image.Image
    boxes: list[Box]


def _cut_long_words(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """A word wider than the line (a name without spaces) is cut between letters."""
    words = []
    for word in text.split():
        if face.getlength(word) <= width:
            words.append(word)
            continue
        current = ""
        for char in word:
            if current and face.getlength(current + char) > width:
                words.append(current)
                current = char
            else:
                current += char
        words.append(current)
    return " ".join(words)


def _line_height(face: ImageFont.FreeTypeFont, spacing: float) -> int:
    ascent, descent = face.getmetrics()
    return math.ceil((ascent + descent) * spacing)


def _sizes(block: TextBlock) -> list[int]:
    """The sizes tried, largest first: by two from max_size to min_size, then by one."""
    sizes, size = [], block.max_size
    while size > SMALLEST_SIZE:
        sizes.append(size)
        size -= 2 if size > block.min_size else 1
    return [*sizes, SMALLEST_SIZE]


def _wrapped(block: TextBlock, size: int) -> tuple[ImageFont.FreeTypeFont, list[str], bool]:
    face = font(block.face, size)
    width = block.region.width
    if face.getlength(block.text) <= width:
        # One line: nothing to wrap (the common case, and the cheap one).
        lines = [block.text]
    else:
        wrapped = ImageText.Text(_cut_long_words(block.text, face, width), face)
        wrapped.wrap(width)
        lines = wrapped.text.split("\n")
    fits_lines = len(lines) <= block.max_lines or size < block.min_size
    return face, lines, fits_lines and len(lines) * _line_height(face, block.spacing) <= block.region.height


def fit(block: TextBlock) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the text wraps into the region; below min_size only if it must.

    A smaller size never needs more room, so after the largest the sizes are searched by halves
    (a handful of wraps per block instead of one per size); the smallest is taken when nothing fits.
    """
    sizes = _sizes(block)
    first = _wrapped(block, sizes[0])
    if first[2]:
        # Most words fit at their largest size.
        return first[0], first[1]
    low, high = 1, len(sizes) - 1
    while low < high:
        middle = (low + high) // 2
        if _wrapped(block, sizes[middle])[2]:
            high = middle
        else:
            low = middle + 1
    face, lines, _fits = _wrapped(block, sizes[low])
    return face, lines


def draw_block(draw: ImageDraw.ImageDraw, block: TextBlock, scale: int = 1) -> list[Box]:
    """Fit the block's text into its region and draw it; the ink box of every line."""
    if not block.text:
        return []
    face, lines = fit(block)
    region = block.region
    line_height = _line_height(face, block.spacing)
    total = line_height * len(lines)
    y = {"top": region.y0, "bottom": region.y1 - total}.get(
        block.valign, region.y0 + (region.height - total) // 2
    )
    x, anchor = {
        "left": (region.x0, "la"),
        "right": (region.x1, "ra"),
    }.get(block.align, (region.x0 + region.width // 2, "ma"))
    boxes = []
    for line in lines:
        draw.text((x, y), line, font=face, fill=block.fill, anchor=anchor)
        x0, y0, x1, y1 = draw.textbbox((x, y), line, font=face, anchor=anchor)
        boxes.append(Box(block.role, x0, y0, x1, y1, line))
        y += line_height
    if block.underline:
        ink = boxes[0]
        line_y, reach = region.y1 + 6 * scale, 10 * scale
        draw.line((ink.x0 - reach, line_y, ink.x1 + reach, line_y), fill=block.fill, width=2 * scale)
        boxes.append(Box("signature-line", ink.x0 - reach, line_y - scale, ink.x1 + reach, line_y + scale))
    return boxes


def _star_points(
    cx: float, cy: float, outer: float, inner: float, points: int = 5
) -> list[tuple[float, float]]:
    result = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / points
        result.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return result


@functools.lru_cache(maxsize=8)
def seal(diameter: int, label: str) -> Image.Image:
    """A gold rosette seal with ribbons and a star, drawn at three times the size and scaled down.

    Pillow draws shapes without anti-aliasing; drawing large and shrinking smooths the edges.
    Callers paste the returned image and must not change it (it is shared through the cache).
    """
    scale = 3
    d = diameter * scale
    height = seal_height(d)
    im = Image.new("RGBA", (d, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    c = d / 2
    # Ribbons behind the rosette.
    ribbon_w = d * 0.18
    for direction in (-1, 1):
        x_top = c + direction * d * 0.12
        x_bottom = c + direction * d * 0.30
        draw.polygon(
            [
                (x_top - ribbon_w / 2, c),
                (x_top + ribbon_w / 2, c),
                (x_bottom + ribbon_w / 2, height - 1),
                (x_bottom, height - ribbon_w * 0.6),
                (x_bottom - ribbon_w / 2, height - 1),
            ],
            fill=NAVY,
        )
    # Scalloped edge.
    teeth = 36
    edge = []
    for i in range(teeth * 2):
        radius = c if i % 2 == 0 else c * 0.9
        angle = i * math.pi / teeth
        edge.append((c + radius * math.cos(angle), c + radius * math.sin(angle)))
    draw.polygon(edge, fill=GOLD)
    for ratio, colour in ((0.82, GOLD_LIGHT), (0.78, GOLD), (0.62, GOLD_LIGHT), (0.58, GOLD)):
        r = c * ratio
        draw.ellipse((c - r, c - r, c + r, c + r), fill=colour)
    # A ring of small dots between the two bands.
    for i in range(24):
        angle = i * math.pi / 12
        x, y, r = c + c * 0.70 * math.cos(angle), c + c * 0.70 * math.sin(angle), c * 0.025
        draw.ellipse((x - r, y - r, x + r, y + r), fill=NAVY)
    draw.polygon(_star_points(c, c - c * 0.12, c * 0.34, c * 0.14), fill=WHITE)
    if label:
        draw.text((c, c + c * 0.34), label, font=font(SERIF_BOLD, int(c * 0.22)), fill=NAVY, anchor="mm")
    return im.resize((diameter, seal_height(diameter)), Image.Resampling.LANCZOS)


def paste_logo(canvas: Image.Image, logo: Image.Image, region: Region) -> Box:
    """Scale a logo into the region (keeping its shape, ImageOps.contain), centre it, its box."""
    logo = ImageOps.contain(logo, (region.width, region.height), Image.Resampling.LANCZOS)
    x = region.x0 + (region.width - logo.width) // 2
    y = region.y0 + (region.height - logo.height) // 2
    if logo.mode == "RGBA":
        canvas.paste(logo, (x, y), logo)
    else:
        canvas.paste(logo.convert("RGB"), (x, y))
    return Box("logo", x, y, x + logo.width, y + logo.height)


def qr_code(data: str) -> segno.QRCode:
    """The QR code of an address at error correction level M, never raised (``boost_error``), with
    mask pattern 2, so that every picture of one address carries the same symbol; never a Micro QR
    code. Any of the eight masks reads (ISO/IEC 18004 leaves the choice to the encoder): scoring
    all eight took 14 of the 17 ms a code cost, most of a certificate's 20 ms, and for verify
    addresses segno picks mask 2 two times in three."""
    return segno.make_qr(data, error="m", boost_error=False, mask=QR_MASK)


def draw_qr(canvas: Image.Image, mark: QRMark) -> Box:
    """The QR code, dark on white with its quiet zone, centred in its region; the white's box.

    Each module is the largest whole number of pixels that fits, so its edges stay sharp: the
    matrix is drawn a pixel per module (``matrix_iter``, 0x1 for dark) and enlarged by that
    factor with nearest-neighbour resampling, which copies pixels and blends none.
    """
    qr = qr_code(mark.data)
    modules = qr.symbol_size(border=QR_BORDER)[0]
    scale = min(mark.region.width, mark.region.height) // modules
    if scale < 1:
        raise ValueError(f"A QR code of {modules} modules does not fit in {mark.region}.")
    pixels = bytes(0 if dark else 255 for row in qr.matrix_iter(border=QR_BORDER) for dark in row)
    side = modules * scale
    image = Image.frombytes("L", (modules, modules), pixels).resize((side, side), Image.Resampling.NEAREST)
    x = mark.region.x0 + (mark.region.width - side) // 2
    y = mark.region.y0 + (mark.region.height - side) // 2
    canvas.paste(image.convert("RGB"), (x, y))
    return Box("qr", x, y, x + side, y + side)


@functools.lru_cache(maxsize=2)
def _certificate_paper(scale: int = 1) -> Image.Image:
    """The paper, double border and corner ornaments: the same on every certificate.

    Drawn once per process and scale (plan pixels times ``scale``); callers copy it before
    drawing on it.
    """
    width, height = CERTIFICATE_SIZE
    image = Image.new("RGB", (width * scale, height * scale), CREAM)
    draw = ImageDraw.Draw(image)

    def at(*values: float) -> tuple[float, ...]:
        return tuple(v * scale for v in values)

    draw.rectangle(at(34, 34, width - 35, height - 35), outline=NAVY, width=10 * scale)
    draw.rectangle(at(54, 54, width - 55, height - 55), outline=GOLD, width=3 * scale)
    draw.rectangle(at(64, 64, width - 65, height - 65), outline=GOLD_LIGHT, width=scale)
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
        draw.polygon(
            [at(x, y - 16), at(x + 16, y), at(x, y + 16), at(x - 16, y)], fill=GOLD, outline=NAVY, width=scale
        )
        draw.polygon([at(x, y - 6), at(x + 6, y), at(x, y + 6), at(x - 6, y)], fill=CREAM)
    return image


@functools.lru_cache(maxsize=2)
def _formal_paper(scale: int = 1) -> Image.Image:
    """White paper with a thin black double rule: the formal design. Callers copy it."""
    width, height = CERTIFICATE_SIZE
    image = Image.new("RGB", (width * scale, height * scale), WHITE)
    draw = ImageDraw.Draw(image)
    k = scale
    draw.rectangle((44 * k, 44 * k, (width - 45) * k, (height - 45) * k), outline=INK, width=4 * k)
    draw.rectangle((56 * k, 56 * k, (width - 57) * k, (height - 57) * k), outline=INK, width=k)
    return image


def _paper(layout: Layout, pictures: Pictures | None) -> Image.Image:
    if layout.paper == "certificate":
        return _certificate_paper(layout.scale).copy()
    if layout.paper == "formal":
        return _formal_paper(layout.scale).copy()
    if layout.paper == "background":
        background = next((p for p in layout.pictures if p.role == "background"), None)
        picture = pictures.image("background", background.name) if background and pictures else None
        if picture is None:
            return Image.new("RGB", layout.size, WHITE)
        return picture.convert("RGB").resize(layout.size, Image.Resampling.LANCZOS)
    return _card_paper(layout.size)


def paste_picture(canvas: Image.Image, picture: Image.Image, mark: PictureMark) -> Box:
    """A signature, stamp or emblem scaled into its region keeping its shape, centred; its box."""
    return replace_role(paste_logo(canvas, picture, mark.region), mark.role)


def replace_role(box: Box, role: str) -> Box:
    return Box(role, box.x0, box.y0, box.x1, box.y1, box.text)


def _card_paper(size: tuple[int, int]) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size, NAVY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, width - 21, height - 21), outline=GOLD, width=4)
    draw.rectangle((30, 30, width - 31, height - 31), outline=GOLD_LIGHT, width=1)
    return image


def _rule(
    draw: ImageDraw.ImageDraw, region: Region, colour: tuple[int, int, int] = GOLD, scale: int = 1
) -> Box:
    """A thin gold rule with a diamond in the middle, under the title."""
    k = scale
    cx, y = (region.x0 + region.x1) // 2, region.y0 + 10 * k
    draw.line((region.x0, y, cx - 18 * k, y), fill=colour, width=3 * k)
    draw.line((cx + 18 * k, y, region.x1, y), fill=colour, width=3 * k)
    draw.polygon([(cx, y - 10 * k), (cx + 10 * k, y), (cx, y + 10 * k), (cx - 10 * k, y)], fill=colour)
    return Box("rule", region.x0, region.y0, region.x1, region.y1)


def draw_layout(
    layout: Layout, text: PlaceText, logo: Image.Image | None, pictures: Pictures | None = None
) -> Drawing:
    """Draw a certificate or a card from its layout; the picture and the boxes of what it holds.

    ``pictures`` opens the emblem, signatures, stamps and background the layout names (without
    it, none is drawn)."""
    image = _paper(layout, pictures)
    draw = ImageDraw.Draw(image)
    boxes: list[Box] = []
    if layout.seal is not None:
        seal_image = seal(layout.seal.width, text.year)
        image.paste(seal_image, (layout.seal.x0, layout.seal.y0), seal_image)
        boxes.append(Box("seal", layout.seal.x0, layout.seal.y0, layout.seal.x1, layout.seal.y1))
    for mark in layout.pictures:
        picture = pictures.image(mark.role, mark.name) if pictures and mark.role != "background" else None
        if picture is not None:
            boxes.append(paste_picture(image, picture, mark))
    if logo is not None and layout.logo is not None:
        region = layout.logo
        if layout.logo_plate:
            draw.rounded_rectangle((region.x0, region.y0, region.x1, region.y1), radius=14, fill=WHITE)
            paste_logo(image, logo, Region(region.x0 + 10, region.y0 + 10, region.x1 - 10, region.y1 - 10))
            boxes.append(Box("logo", region.x0, region.y0, region.x1, region.y1))
        else:
            boxes.append(paste_logo(image, logo, region))
    if layout.rule is not None:
        boxes.append(_rule(draw, layout.rule, INK if layout.paper == "formal" else GOLD, layout.scale))
    if layout.qr is not None:
        boxes.append(draw_qr(image, layout.qr))
    for block in layout.blocks:
        boxes += draw_block(draw, block, layout.scale)
    return Drawing(image=image, boxes=boxes)


def certificate_draw(
    text: PlaceText, logo: Image.Image | None = None, pictures: Pictures | None = None, scale: int = 1
) -> Drawing:
    """One certificate: A4 landscape, 150 dpi times ``scale``."""
    layout = certificate_layout(text, logo=logo is not None)
    return draw_layout(scaled(layout, scale) if scale != 1 else layout, text, logo, pictures)


def card_draw(text: PlaceText, size: tuple[int, int], logo: Image.Image | None = None) -> Drawing:
    """A share card: navy, gold and white."""
    return draw_layout(card_layout(text, size, logo=logo is not None), text, logo)


def png_bytes(image: Image.Image, dpi: int = CERTIFICATE_DPI) -> bytes:
    out = io.BytesIO()
    # Level 3 is most of level 6's size for a fraction of its time on these flat pictures.
    image.save(out, format="PNG", compress_level=3, dpi=(dpi, dpi))
    return out.getvalue()


def certificate_files(
    text: PlaceText, logo: Image.Image | None = None, pictures: Pictures | None = None
) -> dict[str, bytes]:
    """The certificate as both files: {"certificate-png": ..., "certificate-pdf": ...}."""
    return {
        "certificate-png": certificate_png(text, logo, pictures),
        "certificate-pdf": certificate_pdf(text, logo, pictures),
    }


def certificate_png(
    text: PlaceText, logo: Image.Image | None = None, pictures: Pictures | None = None
) -> bytes:
    """The certificate as a picture for screens, drawn at print resolution (300 dpi): sharp when
    zoomed, and printable in a pinch."""
    return png_bytes(certificate_draw(text, logo, pictures, PRINT_SCALE).image, PRINT_DPI)


def certificate_pdf(
    text: PlaceText, logo: Image.Image | None = None, pictures: Pictures | None = None
) -> bytes:
    """The certificate for print: a vector PDF with its words as text (documents.certificates.pdf)."""
    from documents.certificates.pdf import certificate_pdf as vector_pdf

    return vector_pdf(text, logo, pictures)


def square_card_png(
    text: PlaceText, logo: Image.Image | None = None, pictures: Pictures | None = None
) -> bytes:
    return png_bytes(card_draw(text, SQUARE_SIZE, logo).image)


def og_card_png(text: PlaceText, logo: Image.Image | None = None, pictures: Pictures | None = None) -> bytes:
    return png_bytes(card_draw(text, OG_SIZE, logo).image)


# Each kind of render (documents.storage.KINDS) and the function that draws its file.
DRAW = {
    "certificate-png": certificate_png,
    "certificate-pdf": certificate_pdf,
    "card-square": square_card_png,
    "card-og": og_card_png,
}
