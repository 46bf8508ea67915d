"""Where things go: the page sizes and one plan per picture, in pixels, without Pillow.

A certificate and a share card are laid out the same way: a ``Layout`` names the page, the seal,
the logo and a list of ``TextBlock``s, each a region that its text is fitted into
(``drawing.draw_layout`` does the fitting and drawing for both). Regions are fixed by the plan,
never by the text, so a long office name can shrink but never push another block.
"""

from dataclasses import dataclass, field, replace

from documents.certificates.words import Design, PlaceText, Signer, address_without_scheme, code_line

MM_PER_INCH = 25.4
# A4 landscape, 297 × 210 mm, at 150 dots per inch: 1754 × 1240 px. Plans are made at this size;
# the picture for screens is drawn at print resolution, twice as large (3508 × 2480 px, 300 dpi).
CERTIFICATE_DPI = 150
PRINT_SCALE = 2
PRINT_DPI = CERTIFICATE_DPI * PRINT_SCALE
A4_LANDSCAPE_MM = (297, 210)
CERTIFICATE_SIZE = tuple(round(mm / MM_PER_INCH * CERTIFICATE_DPI) for mm in A4_LANDSCAPE_MM)
# Text and pictures stay inside this; the frame is drawn between it and the paper's edge.
CERTIFICATE_MARGIN = 120

SQUARE_SIZE = (1080, 1080)
OG_SIZE = (1200, 630)
CARD_MARGIN = 60

# Font files (static/fonts/dejavu); drawing.py loads them.
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

# The QR code of a verification code: its region's side, in pixels. The drawing puts the largest
# whole number of pixels per module in it, quiet zone included: 5 px for the 41 modules (33 and
# the 4-module quiet zone on each side) of a verify address of up to 62 bytes, so the symbol is
# 165 px, 2.8 cm on the certificate at 150 dpi. Below that a scanner held over a printed page
# misses it; on a card 160 px is the least a phone reads from another screen.
CERTIFICATE_QR_SIDE = 225
CARD_QR_SIDE = 205
# The code and the address under the QR code are this wide (the address at 16 px is ~330 px).
VERIFICATION_WIDTH = 340

# The seal's ribbons hang below its disc: its picture is this much taller than wide.
SEAL_HEIGHT_RATIO = 1.35


def seal_height(diameter: int) -> int:
    return int(diameter * SEAL_HEIGHT_RATIO)


@dataclass(frozen=True)
class Region:
    """A rectangle on the page (x0, y0, x1, y1), x1 and y1 excluded."""

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
class TextBlock:
    """Words fitted into a region: the largest size from max_size down that wraps into max_lines."""

    role: str
    text: str
    face: str
    region: Region
    max_size: int
    min_size: int
    max_lines: int = 1
    fill: tuple[int, int, int] = INK
    align: str = "center"
    valign: str = "middle"
    spacing: float = 1.1
    # A line to sign on under the text (a signatory's name).
    underline: bool = False


@dataclass(frozen=True)
class QRMark:
    """A QR code that encodes ``data``, drawn dark on white into the square ``region``."""

    data: str
    region: Region


def scaled(layout: "Layout", factor: int) -> "Layout":
    """The same plan ``factor`` times larger: every region and text size (a certificate for print
    resolution from the plan made at 150 dpi; the words fit alike, each size doubled)."""

    def region(r: Region | None) -> Region | None:
        return None if r is None else Region(r.x0 * factor, r.y0 * factor, r.x1 * factor, r.y1 * factor)

    return replace(
        layout,
        size=(layout.size[0] * factor, layout.size[1] * factor),
        seal=region(layout.seal),
        logo=region(layout.logo),
        rule=region(layout.rule),
        blocks=[
            replace(b, region=region(b.region), max_size=b.max_size * factor, min_size=b.min_size * factor)
            for b in layout.blocks
        ],
        qr=None if layout.qr is None else replace(layout.qr, region=region(layout.qr.region)),
        pictures=[replace(p, region=region(p.region)) for p in layout.pictures],
        scale=layout.scale * factor,
    )


@dataclass(frozen=True)
class PictureMark:
    """A stored picture (its storage name) scaled into ``region`` keeping its shape, centred;
    the background fills the page."""

    role: str  # "emblem", "signature", "stamp", "background"
    name: str
    region: Region


@dataclass(frozen=True)
class Layout:
    """One picture's plan."""

    size: tuple[int, int]
    # "certificate" (cream, framed), "formal" (white, thin black rules), "background" (the
    # committee's picture) or "card" (navy, gold rules)
    paper: str
    seal: Region | None
    logo: Region | None
    # A white plate under the logo, so that a dark logo stays visible on a navy card.
    logo_plate: bool = False
    rule: Region | None = None
    blocks: list[TextBlock] = field(default_factory=list)
    # The verification code's QR code; None on a picture without a code (a draft's).
    qr: QRMark | None = None
    pictures: list[PictureMark] = field(default_factory=list)
    # Pixels of this picture per pixel of the plan (2 for a certificate drawn at 300 dpi).
    scale: int = 1


def _verification(
    text: PlaceText,
    qr: Region,
    words: Region,
    *,
    align: str,
    fill: tuple[int, int, int],
    address_fill: tuple[int, int, int],
) -> tuple[QRMark, list[TextBlock]]:
    """The QR code of ``text.verify_url`` and, in ``words`` under it, the code and the address."""
    middle = words.y0 + words.height // 2
    return QRMark(text.verify_url, qr), [
        TextBlock(
            "code",
            code_line(text.code),
            SANS_BOLD,
            Region(words.x0, words.y0, words.x1, middle),
            18,
            12,
            fill=fill,
            align=align,
            spacing=1.0,
        ),
        TextBlock(
            "address",
            address_without_scheme(text.verify_url),
            SANS,
            Region(words.x0, middle, words.x1, words.y1),
            16,
            11,
            fill=address_fill,
            align=align,
            spacing=1.0,
        ),
    ]


def certificate_layout(text: PlaceText, *, logo: bool) -> Layout:
    """A4 landscape: seal top left (today's design), the emblem top centre, the office's logo top
    right, the words centred, signatories at the foot.

    With a verification code, its QR code stands in the bottom right corner over the code and
    the address; the place line beside it is narrower on both sides (it stays centred) and the
    signatories share the rest of the foot, left of it. The formal design draws the same words in
    black on white without the seal; the committee's background is drawn under them instead of
    the paper and frame.
    """
    width, height = CERTIFICATE_SIZE
    m = CERTIFICATE_MARGIN
    cx = width // 2
    seal_diameter = 150
    seal = Region(m + 10, m - 20, m + 10 + seal_diameter, m - 20 + seal_height(seal_diameter))
    # Beside the seal (and the logo, its mirror image) the lines are narrower, so they never meet.
    beside = seal.x1 + 20

    def row(y0: int, y1: int, x0: int = m, x1: int = width - m) -> Region:
        return Region(x0, y0, x1, y1)

    blocks = [
        TextBlock(
            "city", text.city_line, SANS_BOLD, row(250, 300, beside, width - beside), 32, 20, fill=NAVY
        ),
        TextBlock(
            "title",
            "PIAGAM PENGHARGAAN",
            SERIF_BOLD,
            row(300, 400, beside, width - beside),
            84,
            48,
            fill=NAVY,
        ),
        TextBlock("given-to", "diberikan kepada", SERIF_ITALIC, row(436, 474), 30, 30),
        TextBlock("office", text.office, SERIF_BOLD, row(482, 614), 64, 30, 3, NAVY, spacing=1.05),
        TextBlock("as", "atas prestasinya sebagai", SERIF_ITALIC, row(628, 664), 30, 30),
        TextBlock("category", text.category, SERIF_BOLD, row(668, 770), 42, 26, 2, GOLD_DARK),
        TextBlock("event", f"dalam {text.event}", SERIF, row(774, 842), 32, 22, 2),
    ]
    pictures = []
    if text.design == Design.BACKGROUND and text.background_name:
        pictures.append(PictureMark("background", text.background_name, Region(0, 0, width, height)))
    if text.emblem_name:
        pictures.append(PictureMark("emblem", text.emblem_name, row(m - 20, m + 120, cx - 70, cx + 70)))
    foot = (SIGNATORIES_TOP, height - m)
    if text.provisional:
        # Top right, clear of the seal (left) and the logo (centre): a stamp-like line.
        blocks.append(
            TextBlock(
                "provisional",
                text.provisional,
                SANS_BOLD,
                row(m - 20, m + 60, cx + 110, width - m),
                26,
                14,
                2,
                GOLD_DARK,
            )
        )
    if not text.code:
        signing, signing_pictures = _signatory_blocks(text.signatories, row(*foot))
        blocks += [TextBlock("where-when", text.where_when, SERIF, row(846, 884), 28, 18), *signing]
        qr = None
    else:
        column = row(846, height - m, width - m - VERIFICATION_WIDTH, width - m)
        side = CERTIFICATE_QR_SIDE
        qr_x = column.x0 + (column.width - side) // 2
        qr, words = _verification(
            text,
            Region(qr_x, column.y0, qr_x + side, column.y0 + side),
            Region(column.x0, column.y0 + side + 3, column.x1, column.y1),
            align="center",
            fill=NAVY,
            address_fill=INK,
        )
        inset = m + VERIFICATION_WIDTH + 20
        signing, signing_pictures = _signatory_blocks(text.signatories, row(*foot, m, column.x0 - 30))
        blocks += [
            TextBlock("where-when", text.where_when, SERIF, row(846, 884, inset, width - inset), 28, 18),
            *signing,
            *words,
        ]
    paper = {Design.FORMAL: "formal", Design.BACKGROUND: "background"}.get(text.design, "certificate")
    if paper == "formal":
        # Black on white: a formal page prints on any printer as it does on the office's own.
        blocks = [replace(block, fill=INK) for block in blocks]
    return Layout(
        size=(width, height),
        paper=paper,
        seal=seal if paper == "certificate" else None,
        logo=row(m - 20, m + 120, width - m - 10 - 145, width - m - 15) if logo else None,
        rule=Region(cx - 260, 408, cx + 260, 429),
        blocks=blocks,
        qr=qr,
        pictures=pictures + signing_pictures,
    )


# The signatories' foot of a certificate starts here (pixels from the top at 150 dpi): a title of
# up to two lines, room to sign (1.8 cm) with the stamp beside the signature, the name over a
# line, and the NIP under it.
SIGNATORIES_TOP = 890


def _signatory_blocks(
    people: tuple[Signer, ...], region: Region
) -> tuple[list[TextBlock], list[PictureMark]]:
    """One column per signatory: title at the top, room to sign, name over a line, NIP at the foot."""
    if not people:
        return [], []
    gap = 30
    column = (region.width - gap * (len(people) - 1)) // len(people)
    blocks, pictures = [], []
    title_bottom, name_top = region.y0 + 52, region.y1 - 72
    for i, person in enumerate(people):
        x0 = region.x0 + i * (column + gap)
        x1 = x0 + column
        blocks.append(
            TextBlock(
                "signatory-title",
                person.title,
                SANS,
                Region(x0, region.y0, x1, title_bottom),
                22,
                13,
                2,
                valign="top",
            )
        )
        blocks.append(
            TextBlock(
                "signatory-name",
                person.name,
                SERIF_BOLD,
                Region(x0, name_top, x1, region.y1 - 36),
                28,
                14,
                fill=NAVY,
                valign="bottom",
                underline=True,
            )
        )
        if person.nip:
            blocks.append(
                TextBlock(
                    "signatory-nip",
                    f"NIP. {person.nip}",
                    SANS,
                    Region(x0, region.y1 - 28, x1, region.y1),
                    20,
                    12,
                )
            )
        # The stamp (a square) left of the signature, the two centred in the column together.
        space = Region(x0, title_bottom + 2, x1, name_top - 2)
        stamp_side = space.height if person.stamp else 0
        signature_width = min(column - stamp_side, space.height * 5 // 2) if person.signature else 0
        left = x0 + (column - stamp_side - signature_width) // 2
        if person.stamp:
            pictures.append(
                PictureMark("stamp", person.stamp, Region(left, space.y0, left + stamp_side, space.y1))
            )
        if person.signature:
            start = left + stamp_side
            pictures.append(
                PictureMark(
                    "signature", person.signature, Region(start, space.y0, start + signature_width, space.y1)
                )
            )
    return blocks, pictures


def card_layout(text: PlaceText, size: tuple[int, int], *, logo: bool) -> Layout:
    """A share card, readable as a thumbnail in a timeline: square (seal on top) or wide (seal left).

    With a verification code, its QR code stands in a top corner over the code and the address:
    top left on the square (the logo is top right), top right on the wide card, whose lines
    beside it end before it.
    """
    width, height = size
    m = CARD_MARGIN
    square = height >= width
    seal_diameter = 170 if square else 130
    if square:
        sx = (width - seal_diameter) // 2
        seal = Region(sx, m, sx + seal_diameter, m + seal_height(seal_diameter))
        content = Region(m, seal.y1 + 20, width - m, height - m)
        logo_region = Region(width - m - 140, m, width - m, m + 140)
    else:
        seal = Region(m, m, m + seal_diameter, m + seal_height(seal_diameter))
        content = Region(seal.x1 + 40, m, width - m, height - m)
        logo_region = Region(m, height - m - 130, seal.x1, height - m)
    qr, verification, beside_qr = None, [], None
    if text.code:
        side = CARD_QR_SIDE
        if square:
            # Under the QR code the words reach to 20 px short of the seal.
            qr_region = Region(m, m, m + side, m + side)
            words_region = Region(m, qr_region.y1 + 2, seal.x0 - 20, content.y0)
        else:
            qr_region = Region(width - m - side, m, width - m, m + side)
            words_region = Region(width - m - VERIFICATION_WIDTH, qr_region.y1 + 2, width - m, m + side + 44)
            beside_qr = Region(content.x0, content.y0, words_region.x0 - 20, words_region.y1)
        qr, verification = _verification(
            text,
            qr_region,
            words_region,
            align="left" if square else "right",
            fill=WHITE,
            address_fill=GOLD_LIGHT,
        )

    # Shares of the content's height, top to bottom: a fixed plan keeps the blocks from meeting.
    plan = [
        ("city", text.city_line, SANS_BOLD, 0.10, 30, 16, 1, GOLD_LIGHT),
        ("position", text.position, SERIF_BOLD, 0.17, 76 if square else 60, 30, 1, GOLD),
        ("category", text.discipline, SANS, 0.10, 34 if square else 28, 16, 1, WHITE),
        ("office", text.office, SERIF_BOLD, 0.33, 64 if square else 50, 20, 3, WHITE),
        ("event", text.event, SANS, 0.18, 30 if square else 24, 14, 2, GOLD_LIGHT),
        ("date", text.where_when, SANS, 0.12, 26 if square else 22, 12, 1, GOLD_LIGHT),
    ]
    if text.provisional:
        # A provisional version's card says so on its date line, in two lines if it must.
        plan[-1] = (
            "date",
            f"{text.where_when} · {text.provisional}",
            SANS,
            0.12,
            26 if square else 22,
            12,
            2,
            GOLD,
        )
    blocks = []
    y = content.y0
    for role, words, face, share, max_size, min_size, lines, colour in plan:
        y1 = y + int(content.height * share)
        x1 = content.x1
        if beside_qr is not None and y < beside_qr.y1:
            x1 = beside_qr.x1
        region = Region(content.x0, y, x1, y1)
        align = "center" if square else "left"
        blocks.append(TextBlock(role, words, face, region, max_size, min_size, lines, colour, align))
        y = y1
    return Layout(
        size=size,
        paper="card",
        seal=seal,
        logo=logo_region if logo else None,
        logo_plate=True,
        blocks=blocks + verification,
        qr=qr,
    )
