"""The certificates and share cards of places, kept in the shared media storage (``documents.storage``).

What binds the printing to the committee's models: a render's name is keyed (``documents.storage``)
on its ``PlaceText`` and on the last change of the place, its category, award, office and event,
so an edit to any of them gives a new name and the next request draws a new picture. Renders are
filed under the event (awards/renders/<event>/<place>/), so the receivers of awards.signals can
remove a place's pictures when it goes, alone or with its category, award or event; a published
place (results.freezing) has its own folder, apart from the committee's drafts.
"""

import functools
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, StreamingHttpResponse
from django.utils.text import slugify

from awards.models import Ranking, Signatory
from awards.selectors import event_certificate_places, event_signatories
from documents import storage
from documents.certificates.words import PlaceText
from documents.storage import CERTIFICATE_KINDS, KINDS, RENDER_VERSION
from offices.government import government
from results.certificates.place_text import place_text, printed_place_text
from results.codes import verify_url

if TYPE_CHECKING:
    from PIL import Image

    from awards.models import EvaluationEvent
    from documents.certificates.pictures import Pictures
    from offices.models import Government
    from results.models import VersionPlace

RENDER_DIR = "awards/renders"
# How many certificates a ZIP request may draw itself. Since the ZIP holds the vector PDFs alone
# (ReportLab, ~10–20 ms each, pictures prepared once per process), 500 are drawn within 10 s
# (docs/benchmarks.md, "Certificates"); an event with more missing is drawn first by a task (results.tasks).
ZIP_DRAW_LIMIT = 600


def _stamps(ranking: Ranking) -> dict[str, object]:
    """When the sources of a place's words last changed: part of its renders' keys."""
    return {
        "place": ranking.updated_at,
        "category": ranking.category.updated_at,
        "award": ranking.category.award.updated_at,
        "office": ranking.office.updated_at,
        "event": ranking.category.award.event.updated_at,
    }


def render_name(ranking: Ranking, text: PlaceText, kind: str) -> str:
    # A published place (results.freezing) has its own folder, apart from the committee's drafts.
    folder = getattr(ranking, "render_folder", "")
    folder = f"{RENDER_DIR}/{folder}" if folder else _place_folder(_event_id(ranking), ranking.pk)
    return storage.render_name(folder=folder, kind=kind, data=text, stamps=_stamps(ranking))


def _event_id(ranking: Ranking) -> int:
    return ranking.category.award.event_id


def _place_folder(event_id: int, ranking_id: int) -> str:
    return f"{RENDER_DIR}/{event_id}/{ranking_id}"


def place_renders_delete(*, event_id: int, ranking_id: int) -> None:
    """Remove every stored picture of a place (called when the place is deleted)."""
    storage.renders_delete(folder=_place_folder(event_id, ranking_id))


def _logo(text: PlaceText) -> "Image.Image | None":
    # Pillow is loaded only when a picture is drawn, not when a page links to one.
    from offices.images import logo_image

    return logo_image(text.logo_name) if text.logo_name else None


def _read_stored(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except OSError:
        return None


@functools.cache
def pictures() -> "Pictures":
    """The emblem, signatures, stamps and backgrounds, each read and prepared once per process
    (their storage names never change meaning: a new upload gets a new name)."""
    from documents.certificates.pictures import Pictures

    return Pictures(read=_read_stored)


def _text(
    ranking: Ranking, kind: str, signatories: list[Signatory] | None, government: "Government | None" = None
) -> PlaceText:
    if kind.startswith("card-"):
        # Cards name no signatories; leaving them out spares a query and a redraw.
        signatories = []
    elif signatories is None:
        # A published place carries the signatories of its version; a draft reads them live.
        signatories = getattr(ranking, "frozen_signatories", None)
        if signatories is None:
            signatories = event_signatories(_event_id(ranking))
    text = place_text(ranking, signatories, government)
    code = getattr(ranking, "code", "")
    if code:
        # Only a published place has a code: its certificate and card say where to verify it.
        text = replace(text, code=code, verify_url=verify_url(code))
    return text


def rendered(ranking: Ranking, kind: str, signatories: list[Signatory] | None = None) -> str:
    """The storage name of the picture of this kind for this place, drawn now if need be.

    ``ranking`` comes with its category, award, event, channel and office (with its kind) loaded,
    as ``selectors.event_certificate_places`` and ``versions.public_place`` give it.
    """
    text = _text(ranking, kind, signatories)

    def draw() -> bytes:
        from documents.certificates.drawing import DRAW

        return DRAW[kind](text, _logo(text), pictures())

    return storage.render_reuse(name=render_name(ranking, text, kind), kind=kind, draw=draw)


def certificate_renders(
    ranking: Ranking, signatories: list[Signatory], government: "Government | None" = None
) -> dict[str, str]:
    """The stored files of a place's certificate for an event's ZIP (its PDF), drawn if missing."""
    text = _text(ranking, "certificate-pdf", signatories, government)

    def draw() -> dict[str, bytes]:
        from documents.certificates.drawing import DRAW

        return {kind: DRAW[kind](text, _logo(text), pictures()) for kind in CERTIFICATE_KINDS}

    names = {kind: render_name(ranking, text, kind) for kind in CERTIFICATE_KINDS}
    return storage.renders_reuse(names=names, draw=draw)


def _missing_places(event: "EvaluationEvent", signatories: list[Signatory]) -> list[Ranking]:
    places = []
    found = government()
    for ranking in event_certificate_places(event).iterator(chunk_size=100):
        text = _text(ranking, "certificate-pdf", signatories, found)
        if not all(storage.render_exists(render_name(ranking, text, kind)) for kind in CERTIFICATE_KINDS):
            places.append(ranking)
    return places


@dataclass(frozen=True)
class CertificatesState:
    """How far an event's certificates are drawn: ``missing`` of ``total`` places not stored yet."""

    total: int
    missing: int

    @property
    def ready(self) -> int:
        return self.total - self.missing


def event_certificates_state(event: "EvaluationEvent") -> CertificatesState:
    missing = _missing_places(event, event_signatories(event.pk))
    return CertificatesState(total=Ranking.objects.filter(award__event=event).count(), missing=len(missing))


def event_certificates_draw(*, event: "EvaluationEvent", progress: Callable[[], None] | None = None) -> int:
    """Draw and store every certificate of the event not stored yet; how many were drawn.

    ``progress`` is called after each certificate (the task's sign of life, results.tasks). Two
    runs at once for one event only draw some files twice: results.certificates.queue enqueues
    one task per event at a time.
    """
    signatories = event_signatories(event.pk)
    places = _missing_places(event, signatories)
    for ranking in places:
        certificate_renders(ranking, signatories)
        if progress is not None:
            progress()
    return len(places)


def card_version(ranking: Ranking, kind: str) -> str:
    """A short tag for a card's link that changes whenever the card does (no drawing, no query).

    Every word on a card comes from the place, its category, award and event, the award's channel
    (if any), the office and its kind (the printed word), so their ids and last changes stand for
    the text: pages link a card per place, and hashing the dates costs a fraction of building and
    hashing the words. The tag is public (it is in the page); it is not the file's name.
    """
    category = ranking.category
    award = category.award
    office = ranking.office
    stamps = [ranking, category, award, award.event, office, office.kind]
    if award.channel_id is not None:
        stamps.append(award.channel)
    inputs = "|".join([str(RENDER_VERSION), kind, *(f"{o.pk}@{o.updated_at.isoformat()}" for o in stamps)])
    return hashlib.sha256(inputs.encode()).hexdigest()[:12]


# Each part of a file name built from a title is cut to this many characters, so that a long
# award title still gives a name every system accepts (well under 255 bytes in all).
NAME_PART_LENGTH = 40


def _name_part(text: str) -> str:
    return slugify(text)[:NAME_PART_LENGTH].strip("-")


def _stem(award_title: str, category_title: str, place_title: str, office_slug: str) -> str:
    """“terbaik-pengelolaan-website-kelurahan-terbaik-pertama-kelurahan-pelambuan”: the award,
    the category (unless named like its award), the place in the event's words, the office."""
    award = _name_part(award_title)
    parts = [award]
    if (category_part := _name_part(category_title)) and category_part != award:
        parts.append(category_part)
    parts += [_name_part(place_title), _name_part(office_slug)]
    return "-".join(part for part in parts if part)


def _place_stem(ranking: Ranking) -> str:
    category = ranking.category
    return _stem(category.award.title, category.title, ranking.title, ranking.office.slug)


def _download_name(ranking: Ranking, kind: str) -> str:
    spec = KINDS[kind]
    prefix = "piagam" if kind.startswith("certificate") else "kartu"
    event = ranking.category.award.event
    return f"{prefix}-{event.slug}-{_place_stem(ranking)}.{spec.extension}"


def rendered_response(ranking: Ranking, kind: str, *, attachment: bool) -> FileResponse:
    """Send a place's certificate or card from the shared storage (drawn there on first use)."""
    return storage.render_response(
        name=rendered(ranking, kind),
        kind=kind,
        filename=_download_name(ranking, kind),
        attachment=attachment,
        public=ranking.category.award.event.is_published,
    )


def _zip_stem(number: int, ranking: Ranking) -> str:
    # The number keeps the display order in the archive and every entry's name distinct.
    return f"{number:03d}-{_place_stem(ranking)}"


def _zip_entries(event: "EvaluationEvent") -> Iterator[tuple[str, str]]:
    """(name in the archive, storage name) of a PDF per place, each drawn as it is reached."""
    signatories = event_signatories(event.pk)
    found = government()
    places = event_certificate_places(event).iterator(chunk_size=100)
    for number, ranking in enumerate(places, 1):
        stem = _zip_stem(number, ranking)
        for kind, name in certificate_renders(ranking, signatories, found).items():
            yield f"{stem}.{KINDS[kind].extension}", name


def event_certificates_zip(event: "EvaluationEvent") -> Iterator[bytes]:
    """A ZIP of a PDF per place of the event, produced piece by piece.

    Certificates already stored are copied from the storage, not drawn again; one that is not is
    drawn once (for both files), stored for the next download and the single downloads, and
    copied in (``documents.storage.zip_stream``): the download starts at once.
    """
    return storage.zip_stream(_zip_entries(event))


def zip_draw_limit() -> int:
    return getattr(settings, "CERTIFICATES_ZIP_DRAW_LIMIT", ZIP_DRAW_LIMIT)


def event_certificates_response(event: "EvaluationEvent") -> StreamingHttpResponse:
    """The whole-event ZIP as a streamed download (the caller checked that few are left to draw)."""
    return storage.zip_response(entries=_zip_entries(event), filename=f"piagam-{event.slug}.zip")


# A published place's pictures: drawn from its version's rows as printed, stored apart from the
# committee's drafts of live places (awards/renders/published/<row>/).
def _printed_text(row: "VersionPlace", kind: str) -> PlaceText:
    from results.models import VersionSignatory

    # Cards name no signatories; leaving them out spares a query and a redraw.
    signatories = (
        [] if kind.startswith("card-") else list(VersionSignatory.objects.filter(version_id=row.version_id))
    )
    text = printed_place_text(row, signatories)
    return replace(text, code=row.code, verify_url=verify_url(row.code))


def _printed_render_name(row: "VersionPlace", text: PlaceText, kind: str) -> str:
    # A version is never edited: its moment of publishing stands for every source's last change.
    stamp = row.category.award.version.published_at
    stamps = dict.fromkeys(("place", "category", "award", "office", "event"), stamp)
    return storage.render_name(folder=f"{RENDER_DIR}/published/{row.pk}", kind=kind, data=text, stamps=stamps)


def printed_rendered(row: "VersionPlace", kind: str) -> str:
    """The storage name of the picture of this kind for a published place, drawn now if need be.

    ``row`` comes with its category, award, version and event loaded (``selectors.public_place``).
    """
    text = _printed_text(row, kind)

    def draw() -> bytes:
        from documents.certificates.drawing import DRAW

        return DRAW[kind](text, _logo(text), pictures())

    return storage.render_reuse(name=_printed_render_name(row, text, kind), kind=kind, draw=draw)


def printed_rendered_response(row: "VersionPlace", kind: str, *, attachment: bool) -> FileResponse:
    """Send a published place's certificate or card from the shared storage (drawn on first use)."""
    category = row.category
    version = category.award.version
    prefix = "piagam" if kind.startswith("certificate") else "kartu"
    stem = _stem(category.award.title, category.title, row.title, row.office_slug)
    return storage.render_response(
        name=printed_rendered(row, kind),
        kind=kind,
        filename=f"{prefix}-{version.event.slug}-{stem}.{KINDS[kind].extension}",
        attachment=attachment,
        public=True,
    )
