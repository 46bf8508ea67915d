"""Certificates and share cards made once per place and kept in the shared media storage.

A picture's file name carries a keyed hash (HMAC with SECRET_KEY) of everything drawn on it (the
words, the logo's name) and of the last change of the place, its category, award, office and event.
Renders are filed under the event (awards/renders/<event>/<place>/), so the receivers of
awards.signals can remove a place's pictures when it goes, alone or with its category, award or
event. An edit to
any of them gives a new name, so the next request draws a new picture; until then every app server
finds the one file already made. The storage is the cache: nothing is kept in a process.

The media folder is served by nginx to anyone with the address (docs/deploy.md). The key makes a
render's address unguessable: a draft's certificate is reached only through the views that check
who asks, which send the file themselves.
"""

import hashlib
import logging
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.http import FileResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from awards.certificates.words import PlaceText, place_text
from awards.models import Ranking, Signatory
from awards.selectors import event_certificate_places, event_signatories
from results.codes import verify_url

if TYPE_CHECKING:
    from awards.models import EvaluationEvent

# Bump when the drawing code changes, so pictures drawn by the old code are remade.
RENDER_VERSION = 3
RENDER_DIR = "awards/renders"
# How many certificates a ZIP request may draw itself. Drawing one (PNG and PDF) took 0.2–0.3 s on 2
# idle-ish cores and 0.57 s on 2 busy ones (60 took 34 s, past gunicorn's 30-second worker
# timeout), so 25 stay near 15 s at the worst; an event with more missing is drawn in the
# background first (docs/benchmarks.md, "Certificates").
ZIP_DRAW_LIMIT = 25
# The background drawing of an event holds a lock in the shared cache, so that one runs per event
# whatever the number of app servers. It renews the lock after each certificate; if its process
# dies (a restart), the lock lapses within this time and the next reload of the page resumes.
DRAWING_LOCK_SECONDS = 60
# Pieces handed to the response while a stored file is copied into the ZIP.
ZIP_CHUNK = 64 * 1024


@dataclass(frozen=True)
class RenderKind:
    slug: str
    extension: str
    content_type: str


KINDS = {
    "certificate-png": RenderKind("certificate-png", "png", "image/png"),
    "certificate-pdf": RenderKind("certificate-pdf", "pdf", "application/pdf"),
    "card-square": RenderKind("card-square", "png", "image/png"),
    "card-og": RenderKind("card-og", "png", "image/png"),
}
CERTIFICATE_KINDS = ("certificate-pdf", "certificate-png")


def render_key(ranking: Ranking, text: PlaceText, kind: str) -> str:
    """A keyed hash of the picture's inputs: what it says and when its sources last changed.

    Keyed with SECRET_KEY (salted_hmac), so that knowing every word and date of a place is not
    enough to find its file in the public media folder. 32 hex digits: 128 bits.
    """
    inputs = {
        "version": RENDER_VERSION,
        "kind": kind,
        "text": asdict(text),
        "place": ranking.updated_at,
        "category": ranking.category.updated_at,
        "award": ranking.category.award.updated_at,
        "office": ranking.office.updated_at,
        "event": ranking.category.award.event.updated_at,
    }
    value = DjangoJSONEncoder(sort_keys=True).encode(inputs)
    return salted_hmac("awards.certificates.render", value, algorithm="sha256").hexdigest()[:32]


def render_name(ranking: Ranking, text: PlaceText, kind: str) -> str:
    key = render_key(ranking, text, kind)
    # A published place (awards.versions) has its own folder, apart from the committee's drafts.
    folder = getattr(ranking, "render_folder", "")
    folder = f"{RENDER_DIR}/{folder}" if folder else _place_folder(_event_id(ranking), ranking.pk)
    return f"{folder}/{kind}-{key}.{KINDS[kind].extension}"


def _event_id(ranking: Ranking) -> int:
    return ranking.category.award.event_id


def _place_folder(event_id: int, ranking_id: int) -> str:
    return f"{RENDER_DIR}/{event_id}/{ranking_id}"


def _store(name: str, kind: str, content: bytes) -> None:
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:
        # Another server drew the same picture at the same moment; keep one copy.
        default_storage.delete(saved)
    _delete_stale(name.rsplit("/", 1)[0], kind, keep=name)


def _delete_stale(folder: str, kind: str, keep: str) -> None:
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        if file.startswith(f"{kind}-") and f"{folder}/{file}" != keep:
            default_storage.delete(f"{folder}/{file}")


def place_renders_delete(*, event_id: int, ranking_id: int) -> None:
    """Remove every stored picture of a place (called when the place is deleted)."""
    folder = _place_folder(event_id, ranking_id)
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        default_storage.delete(f"{folder}/{file}")


def _text(ranking: Ranking, kind: str, signatories: list[Signatory] | None) -> PlaceText:
    if kind.startswith("card-"):
        # Cards name no signatories; leaving them out spares a query and a redraw.
        signatories = []
    elif signatories is None:
        # A published place carries the signatories of its version; a draft reads them live.
        signatories = getattr(ranking, "frozen_signatories", None)
        if signatories is None:
            signatories = event_signatories(_event_id(ranking))
    text = place_text(ranking, signatories)
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
    name = render_name(ranking, text, kind)
    if not default_storage.exists(name):
        # Pillow is loaded only when a picture is drawn, not when a page links to one.
        from awards.certificates.drawing import DRAW

        _store(name, kind, DRAW[kind](text))
    return name


def certificate_renders(ranking: Ranking, signatories: list[Signatory]) -> dict[str, str]:
    """The stored PDF and PNG of a place's certificate; what is missing is drawn once for both."""
    text = _text(ranking, "certificate-pdf", signatories)
    names = {kind: render_name(ranking, text, kind) for kind in CERTIFICATE_KINDS}
    missing = [kind for kind, name in names.items() if not default_storage.exists(name)]
    if missing:
        from awards.certificates.drawing import certificate_files

        files = certificate_files(text)
        for kind in missing:
            _store(names[kind], kind, files[kind])
    return names


def _missing_places(event: "EvaluationEvent", signatories: list[Signatory]) -> list[Ranking]:
    places = []
    for ranking in event_certificate_places(event).iterator(chunk_size=100):
        text = _text(ranking, "certificate-pdf", signatories)
        if not all(default_storage.exists(render_name(ranking, text, kind)) for kind in CERTIFICATE_KINDS):
            places.append(ranking)
    return places


@dataclass(frozen=True)
class CertificatesState:
    """How far an event's certificates are drawn: ``missing`` of ``total`` places not stored yet."""

    total: int
    missing: int
    drawing: bool


def _drawing_key(event_id: int) -> str:
    return f"awards:certificates-drawing:{event_id}"


def event_certificates_state(event: "EvaluationEvent") -> CertificatesState:
    missing = _missing_places(event, event_signatories(event.pk))
    return CertificatesState(
        total=Ranking.objects.filter(award__event=event).count(),
        missing=len(missing),
        drawing=cache.get(_drawing_key(event.pk)) is not None,
    )


def event_certificates_draw(*, event: "EvaluationEvent") -> int:
    """Draw and store every certificate of the event not stored yet; how many were drawn.

    Holds the event's lock in the shared cache while it works; returns 0 at once if another
    process is drawing the same event.
    """
    key = _drawing_key(event.pk)
    if not cache.add(key, "1", timeout=DRAWING_LOCK_SECONDS):
        return 0
    try:
        signatories = event_signatories(event.pk)
        places = _missing_places(event, signatories)
        for ranking in places:
            certificate_renders(ranking, signatories)
            cache.touch(key, DRAWING_LOCK_SECONDS)
        return len(places)
    finally:
        cache.delete(key)


def _draw_in_background(event_id: int) -> None:
    from awards.models import EvaluationEvent

    try:
        event_certificates_draw(event=EvaluationEvent.objects.get(pk=event_id))
    except Exception:
        logging.getLogger(__name__).exception("drawing the certificates of event %s failed", event_id)
    finally:
        # The thread's own database connection, opened by the queries above.
        connection.close()


def event_certificates_draw_later(*, event: "EvaluationEvent") -> None:
    """Draw the event's missing certificates in a thread of this process, after the commit.

    A thread, not a task queue: the app has none, and the work is safe to lose. What it draws is
    stored as it goes, and the lock in the shared cache expires, so a worker restart only means
    the next ask starts again where it stopped.
    """
    event_id = event.pk
    transaction.on_commit(
        lambda: threading.Thread(target=_draw_in_background, args=(event_id,), daemon=True).start()
    )


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


def _place_stem(ranking: Ranking) -> str:
    """“terbaik-pengelolaan-website-kelurahan-terbaik-pertama-kelurahan-pelambuan”: the award,
    the category (unless named like its award), the place in the event's words, the office."""
    category = ranking.category
    award = _name_part(category.award.title)
    parts = [award]
    if (category_part := _name_part(category.title)) and category_part != award:
        parts.append(category_part)
    parts += [_name_part(ranking.title), _name_part(ranking.office.slug)]
    return "-".join(part for part in parts if part)


def _download_name(ranking: Ranking, kind: str) -> str:
    spec = KINDS[kind]
    prefix = "piagam" if kind.startswith("certificate") else "kartu"
    event = ranking.category.award.event
    return f"{prefix}-{event.slug}-{_place_stem(ranking)}.{spec.extension}"


def rendered_response(ranking: Ranking, kind: str, *, attachment: bool) -> FileResponse:
    """Send a place's certificate or card from the shared storage (drawn there on first use)."""
    name = rendered(ranking, kind)
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=attachment,
        filename=_download_name(ranking, kind),
        content_type=KINDS[kind].content_type,
    )
    if ranking.category.award.event.is_published:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


class _Sink:
    """A write-only buffer that zipfile writes into and the response drains as it goes."""

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


def _zip_stem(number: int, ranking: Ranking) -> str:
    # The number keeps the display order in the archive and every entry's name distinct.
    return f"{number:03d}-{_place_stem(ranking)}"


def event_certificates_zip(event: "EvaluationEvent") -> Iterator[bytes]:
    """A ZIP of a PDF and a PNG per place of the event, produced piece by piece.

    Certificates already stored are copied from the storage, not drawn again; one that is not is
    drawn once (for both files), stored for the next download and the single downloads, and
    copied in. Each piece goes to the response as soon as it is written, so the download starts
    at once and memory stays at about one certificate. PNG and PDF are compressed already, so
    they are stored (ZIP_STORED); zipfile writes to a stream it cannot seek in by putting each
    file's sizes after its data.
    """
    signatories = event_signatories(event.pk)
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        places = event_certificate_places(event).iterator(chunk_size=100)
        for number, ranking in enumerate(places, 1):
            stem = _zip_stem(number, ranking)
            for kind, name in certificate_renders(ranking, signatories).items():
                with (
                    default_storage.open(name, "rb") as source,
                    archive.open(f"{stem}.{KINDS[kind].extension}", "w") as target,
                ):
                    while chunk := source.read(ZIP_CHUNK):
                        target.write(chunk)
                        yield sink.drain()
    yield sink.drain()


def zip_draw_limit() -> int:
    return getattr(settings, "CERTIFICATES_ZIP_DRAW_LIMIT", ZIP_DRAW_LIMIT)


def event_certificates_response(event: "EvaluationEvent") -> StreamingHttpResponse:
    """The whole-event ZIP as a streamed download (the caller checked that few are left to draw)."""
    return StreamingHttpResponse(
        event_certificates_zip(event),
        content_type="application/zip",
        headers={"Content-Disposition": content_disposition_header(True, f"piagam-{event.slug}.zip")},
    )
