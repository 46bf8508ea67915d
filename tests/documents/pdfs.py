"""Reading a certificate PDF back as a reader would: its text, its page, its fonts, its images (pypdf)."""

import io

from pypdf import PdfReader

# A4 landscape in points: 297 × 210 mm.
A4_LANDSCAPE_PT = (841.89, 595.28)


def read(data: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return reader


def words(data: bytes) -> str:
    """The page's text with its line breaks and spaces made single spaces."""
    return " ".join(read(data).pages[0].extract_text().split())


def page_size(data: bytes) -> tuple[float, float]:
    box = read(data).pages[0].mediabox
    return float(box.width), float(box.height)


def is_a4_landscape(data: bytes) -> bool:
    width, height = page_size(data)
    return abs(width - A4_LANDSCAPE_PT[0]) < 0.5 and abs(height - A4_LANDSCAPE_PT[1]) < 0.5


def fonts(data: bytes) -> dict[str, bool]:
    """Each font the page uses, by its base name, and whether the font program is in the file."""
    found = {}
    for font in read(data).pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor_of = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descriptor_of["/FontDescriptor"].get_object()
        found[str(font["/BaseFont"])] = any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
        )
    return found


def images(data: bytes) -> list[tuple[int, int]]:
    """(width, height) of every image XObject the page draws."""
    xobjects = read(data).pages[0]["/Resources"].get("/XObject", {})
    found = []
    for xobject in xobjects.values():
        xobject = xobject.get_object()
        if xobject["/Subtype"] == "/Image":
            found.append((int(xobject["/Width"]), int(xobject["/Height"])))
    return sorted(found)
