"""Helpers shared by the tests (certificates): one home, imported by test modules, never between them."""

from pathlib import Path

from PIL import Image

from awards.certificates.words import PlaceText

SIGNATORIES = (
    ("H. Ibnu Sina", "Walikota Banjarmasin"),
    ("H. Arifin Noor", "Wakil Walikota Banjarmasin"),
    ("Sugito Said", "Plh. Sekretaris Daerah Kota Banjarmasin"),
)
LONG_NAME = (
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak serta Pengendalian Penduduk dan Keluarga "
    "Berencana (DP3AP2KB) Kota Banjarmasin, Kalimantan Selatan."
)


def make_place_text(
    office: str = "Bagian Protokol dan Komunikasi Pimpinan", signatories=SIGNATORIES, **overrides
) -> PlaceText:
    """The words of a seed-like place (Instagram, SKPD, first), any of them overridden."""
    values = {
        "city_line": "PEMERINTAH KOTA BANJARMASIN",
        "office": office,
        "position": "Terbaik Pertama",
        "category": "Terbaik Pertama Pengelolaan Instagram — Kategori SKPD",
        "discipline": "Pengelolaan Instagram — Kategori SKPD",
        "channel": "Instagram",
        "event": "Evaluasi Smart City Kota Banjarmasin 2021",
        "where_when": "Aula Kayuh Baimbai, Banjarmasin, 2 November 2021",
        "date": "2 November 2021",
        "year": "2021",
        "signatories": signatories,
        "logo_name": "",
    }
    values.update(overrides)
    return PlaceText(**values)


def red_logo() -> Image.Image:
    """A 256 × 128 transparent logo with a red block in its middle half."""
    logo = Image.new("RGBA", (256, 128), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 255), (64, 0, 192, 128))
    return logo


def stored_renders(media_root: Path) -> list[str]:
    """Every file under the media storage's awards/renders/, relative to the media root, sorted."""
    root = media_root / "awards" / "renders"
    if not root.exists():
        return []
    return sorted(str(p.relative_to(media_root)) for p in root.rglob("*") if p.is_file())
