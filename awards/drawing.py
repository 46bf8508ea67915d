"""Drawing helpers shared by certificates and share cards: shipped fonts, fitted text, ornaments.

Text is laid out in regions (boxes): every block is wrapped and shrunk until it fits its region's
width and height, so a long office name can never run into the border or the next block. The
functions return the boxes of the ink they drew, which the tests check against the margins.
"""

import functools
import math
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

# Shipped with the code (static/fonts/dejavu, Bitstream Vera licence): nothing depends on the
# fonts of the machine, nothing is fetched at run time.
FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "dejavu"
SERIF = "DejaVuSerif.ttf"
SERIF_BOLD = "DejaVuSerif-Bold.ttf"
SERIF_ITALIC = "DejaVuSerif-Italic.ttf"
SANS = "DejaVuSans.ttf"
SANS_BOLD = "DejaVuSans-Bold.ttf"

NAVY = (28, 42, 74)
GOLD = (176, 141, 60)
GOLD_LIGHT = (214, 184, 106)
# For gold text on cream paper: the seal gold is too light to read at text sizes.
GOLD_DARK = (138, 102, 28)
CREAM = (253, 250, 242)
INK = (33, 37, 41)
WHITE = (255, 255, 255)


@functools.lru_cache(maxsize=128)
def font(face: str, size: int) -> ImageFont.FreeTypeFont:
    # Loading a face parses the file; the cache holds read-only objects keyed by (face, size),
    # so it is per-process memoisation, not state that could differ between app servers.
    return ImageFont.truetype(str(FONT_DIR / face), size)


@dataclass(frozen=True)
class Box:
    """The ink of one drawn element: what it is, and its pixel bounds (x0, y0, x1, y1)."""

    role: str
    x0: int
    y0: int
    x1: int
    y1: int
    text: str = ""

    def inside(self, x0: int, y0: int, x1: int, y1: int) -> bool:
        return self.x0 >= x0 and self.y0 >= y0 and self.x1 <= x1 and self.y1 <= y1

    def overlaps(self, other: "Box") -> bool:
        return not (self.x1 <= other.x0 or other.x1 <= self.x0 or self.y1 <= other.y0 or other.y1 <= self.y0)


@dataclass(frozen=True)
class Region:
    """Where a block of text may go."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0


def _split_long_word(word: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    parts, current = [], ""
    for char in word:
        if current and face.getlength(current + char) > width:
            parts.append(current)
            current = char
        else:
            current += char
    return [*parts, current] if current else parts


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by measured width; a word wider than the line is cut between letters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if face.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if face.getlength(word) <= width:
            current = word
        else:
            *full, current = _split_long_word(word, face, width)
            lines.extend(full)
    if current:
        lines.append(current)
    return lines


def _line_height(face: ImageFont.FreeTypeFont, spacing: float) -> int:
    ascent, descent = face.getmetrics()
    return math.ceil((ascent + descent) * spacing)


def fit(
    text: str,
    *,
    face: str,
    region: Region,
    max_size: int,
    min_size: int,
    max_lines: int,
    spacing: float = 1.1,
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the text wraps into the region; below min_size only if it must.

    Sizes go down in steps of two from max_size to min_size, then on down to a floor of 8 px so
    that even an absurd text never leaves its region (it gets small rather than clipped).
    """
    size = max_size
    while True:
        face_obj = font(face, size)
        lines = wrap(text, face_obj, region.width)
        fits_lines = len(lines) <= max_lines or size < min_size
        if fits_lines and len(lines) * _line_height(face_obj, spacing) <= region.height:
            return face_obj, lines
        if size <= 8:
            return face_obj, lines
        size -= 2 if size > min_size else 1


def draw_text(
    draw: ImageDraw.ImageDraw,
    text: str,
    *,
    role: str,
    face: str,
    region: Region,
    max_size: int,
    min_size: int | None = None,
    max_lines: int = 1,
    fill=INK,
    align: str = "center",
    valign: str = "middle",
    spacing: float = 1.1,
) -> list[Box]:
    """Fit the text into the region and draw it; return the ink box of every line."""
    if not text:
        return []
    face_obj, lines = fit(
        text,
        face=face,
        region=region,
        max_size=max_size,
        min_size=min_size or max_size,
        max_lines=max_lines,
        spacing=spacing,
    )
    line_height = _line_height(face_obj, spacing)
    total = line_height * len(lines)
    if valign == "top":
        y = region.y0
    elif valign == "bottom":
        y = region.y1 - total
    else:
        y = region.y0 + (region.height - total) // 2
    boxes = []
    for line in lines:
        if align == "left":
            x, anchor = region.x0, "la"
        elif align == "right":
            x, anchor = region.x1, "ra"
        else:
            x, anchor = region.x0 + region.width // 2, "ma"
        draw.text((x, y), line, font=face_obj, fill=fill, anchor=anchor)
        x0, y0, x1, y1 = draw.textbbox((x, y), line, font=face_obj, anchor=anchor)
        boxes.append(Box(role, x0, y0, x1, y1, line))
        y += line_height
    return boxes


def star_points(
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
    """A gold rosette seal with ribbons and a star, drawn at twice the size and scaled down.

    Pillow draws shapes without anti-aliasing; drawing large and shrinking smooths the edges.
    Callers paste the returned image and must not change it (it is shared through the cache).
    """
    scale = 3
    d = diameter * scale
    height = int(d * 1.35)
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
    draw.polygon(star_points(c, c - c * 0.12, c * 0.34, c * 0.14), fill=WHITE)
    if label:
        face = font(SERIF_BOLD, int(c * 0.22))
        draw.text((c, c + c * 0.34), label, font=face, fill=NAVY, anchor="mm")
    return im.resize((diameter, int(height / scale)), Image.Resampling.LANCZOS)


def paste_logo(canvas: Image.Image, logo: Image.Image, region: Region) -> Box:
    """Scale a logo into the region (keeping its shape), centre it, and return its box."""
    logo = logo.copy()
    logo.thumbnail((region.width, region.height), Image.Resampling.LANCZOS)
    x = region.x0 + (region.width - logo.width) // 2
    y = region.y0 + (region.height - logo.height) // 2
    if logo.mode == "RGBA":
        canvas.paste(logo, (x, y), logo)
    else:
        canvas.paste(logo.convert("RGB"), (x, y))
    return Box("logo", x, y, x + logo.width, y + logo.height)
