"""Helpers shared by the tests: one home, imported by test modules, never between them."""

import re
from decimal import Decimal
from pathlib import Path

from django.urls import reverse
from PIL import Image

from awards.models import Award
from documents.certificates.words import PlaceText
from judging.services import score_save
from tests.factories import AccountMetricsFactory

# The demo event and one of its offices (the seed, loaded by the `demo` fixture).
DEMO_SLUG = "evaluasi-smart-city-2021"
PROKOMPIM_SLUG = "bagian-protokol-dan-komunikasi-pimpinan"

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


def event_form(awards=(), **overrides):
    """The POST data of the event page: the event, no signatories, and the given new awards."""
    data = {
        "title": "Anugerah Keterbukaan Informasi Publik 2023",
        "slug": "anugerah-kip-2023",
        "year": "2023",
        "held_on": "",
        "venue": "",
        "city": "Sleman",
        "description": "",
        "place_word": "Juara",
        "place_numbering": "digits",
        "mention_word": "Harapan",
        "notes": "",
        "certificate_design": "classic",
        "signatories-TOTAL_FORMS": "0",
        "signatories-INITIAL_FORMS": "0",
        "awards-TOTAL_FORMS": str(len(awards)),
        "awards-INITIAL_FORMS": "0",
        # The objections' table (the Komite group records them: awards 0015).
        "objections-TOTAL_FORMS": "0",
        "objections-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    for i, (title, channel) in enumerate(awards):
        data.update(
            {
                f"awards-{i}-order": str(i),
                f"awards-{i}-title": title,
                f"awards-{i}-channel": str(channel.pk) if channel else "",
            }
        )
    data.update(overrides)
    return data


def award_url(award: Award) -> str:
    return reverse("admin:awards_award_change", args=[award.pk])


def award_form(award: Award, places=(), **overrides):
    """The POST data of an award's page: its saved categories unchanged and the given places.

    ``places``: (category, office, level, position, shared) for new rows, or a Ranking row's
    pk first (pk, category, office, level, position, shared) for saved ones."""
    categories = list(award.categories.order_by("order", "pk"))
    data = {
        "event": str(award.event_id),
        "title": award.title,
        "channel": str(award.channel_id or ""),
        "order": str(award.order),
        "categories-TOTAL_FORMS": str(len(categories)),
        "categories-INITIAL_FORMS": str(len(categories)),
        "rankings-TOTAL_FORMS": str(len(places)),
        "rankings-INITIAL_FORMS": str(sum(1 for row in places if len(row) == 6)),
        "_continue": "Save and continue",
    }
    for i, category in enumerate(categories):
        data.update(
            {
                f"categories-{i}-id": str(category.pk),
                f"categories-{i}-award": str(award.pk),
                f"categories-{i}-order": str(category.order),
                f"categories-{i}-title": category.title,
                f"categories-{i}-kinds": [k.pk for k in category.kinds.all()],
                f"categories-{i}-places": str(category.places),
                f"categories-{i}-mentions": str(category.mentions),
            }
        )
    # Saved rows come first, as the admin renders them.
    for i, row in enumerate(sorted(places, key=lambda row: len(row) != 6)):
        if len(row) == 6:
            pk, *row = row
            data[f"rankings-{i}-id"] = str(pk)
            data[f"rankings-{i}-award"] = str(award.pk)
        category, office, level, position, shared = row
        data.update(
            {
                f"rankings-{i}-category": str(category.pk),
                f"rankings-{i}-office": str(office.pk),
                f"rankings-{i}-level": str(level),
                f"rankings-{i}-position": str(position),
                f"rankings-{i}-score": "",
                f"rankings-{i}-citation": "",
            }
        )
        if shared:
            data[f"rankings-{i}-is_shared"] = "on"
    data.update(overrides)
    return data


def enter_all(judged_event, points_a, points_b, posts):
    """Give posts (metrics) and both judges' quality points per office, in office-name order."""
    names = ("Belitung Utara", "Banua Anyar", "Sungai Lulut")
    for name, pa, pb, p in zip(names, points_a, points_b, posts, strict=True):
        office = judged_event["offices"][name]
        AccountMetricsFactory(event=judged_event["event"], account=judged_event["accounts"][name], posts=p)
        for judge, pts in zip(judged_event["judges"], (pa, pb), strict=True):
            score_save(judge=judge, criterion=judged_event["quality"], office=office, points=Decimal(pts))


def main_part(response) -> str:
    """The page's <main> element as HTML: what the page shows, without the navigation."""
    found = re.search(r"<main\b.*?</main>", response.content.decode(), re.S)
    assert found, "the page has no <main>"
    return found.group(0)


def public_id(ranking) -> int:
    """The public number of a live place in its event's current published version (the address
    of its certificate and card: results)."""
    from results.models import VersionPlace

    return VersionPlace.objects.get(version__is_current=True, ranking_id=ranking.pk).pk


def login_verified(client, user):
    """Sign ``client`` in as ``user`` with the sign-in confirmed by a code (common/otp.py).

    ``force_login`` is a password sign-in; this also leaves in the session the confirmed device
    that django_otp.login leaves after the code page.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def correct_a_citation(event, text: str) -> None:
    """Change what a published page prints (one place's citation), so that the next publish is a
    real correction: publishing the same results again is refused."""
    from awards.models import Ranking

    place = Ranking.objects.filter(award__event=event).order_by("pk").first()
    Ranking.objects.filter(pk=place.pk).update(citation=text)
