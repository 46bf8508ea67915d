"""Certificates and share cards made once per place and kept in the shared file storage.

A picture's file name carries a hash of everything drawn on it (the words, the logo's name) and
of the last change of the place, its office and its event. An edit to any of them gives a new
name, so the next request draws a new picture; until then every app server finds the one file
already made. The storage is the cache: nothing is kept in a process.
"""

import hashlib
import json
from dataclasses import asdict, dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.cache import patch_cache_control

from awards.models import Ranking, Signatory
from awards.text import PlaceText, place_text

# Bump when the drawing code changes, so pictures drawn by the old code are remade.
RENDER_VERSION = 1
RENDER_DIR = "awards/renders"


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


def render_key(ranking: Ranking, text: PlaceText, kind: str) -> str:
    """A hash of the picture's inputs: what it says and when its sources last changed."""
    inputs = {
        "version": RENDER_VERSION,
        "kind": kind,
        "text": asdict(text),
        "place": ranking.updated_at.isoformat(),
        "office": ranking.office.updated_at.isoformat(),
        "event": ranking.event.updated_at.isoformat(),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:24]


def render_name(ranking: Ranking, text: PlaceText, kind: str) -> str:
    key = render_key(ranking, text, kind)
    return f"{RENDER_DIR}/{ranking.event_id}/{ranking.pk}/{kind}-{key}.{KINDS[kind].extension}"


def _draw(kind: str, text: PlaceText) -> bytes:
    # Pillow is loaded only when a picture is drawn, not when a page links to one.
    from awards import certificates

    return {
        "certificate-png": certificates.certificate_png,
        "certificate-pdf": certificates.certificate_pdf,
        "card-square": certificates.square_card_png,
        "card-og": certificates.og_card_png,
    }[kind](text)


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
    folder = f"{RENDER_DIR}/{event_id}/{ranking_id}"
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        default_storage.delete(f"{folder}/{file}")


def place_signatories(ranking: Ranking) -> list[Signatory]:
    return list(Signatory.objects.filter(event_id=ranking.event_id).order_by("order", "pk"))


def place_signatories_for_event(event) -> list[Signatory]:
    return list(Signatory.objects.filter(event=event).order_by("order", "pk"))


def rendered(ranking: Ranking, kind: str, signatories: list[Signatory] | None = None) -> str:
    """The storage name of the picture of this kind for this place, drawn now if need be.

    ``ranking`` comes with event, channel and office loaded (select_related).
    """
    if kind.startswith("card-"):
        # Cards name no signatories; leaving them out spares a query and a redraw.
        signatories = []
    elif signatories is None:
        signatories = place_signatories(ranking)
    text = place_text(ranking, signatories)
    name = render_name(ranking, text, kind)
    if default_storage.exists(name):
        return name
    saved = default_storage.save(name, ContentFile(_draw(kind, text)))
    if saved != name:
        # Another server drew the same picture at the same moment; keep one copy.
        default_storage.delete(saved)
    _delete_stale(name.rsplit("/", 1)[0], kind, keep=name)
    return name


def card_version(ranking: Ranking, kind: str) -> str:
    """A short tag for a card's link that changes whenever the card does (no drawing, no query).

    Every word on a card comes from the place, its office, its event or its channel, so their
    ids and last changes stand for the text: pages link a card per place, and hashing the dates
    costs a fraction of building and hashing the words.
    """
    stamps = (ranking, ranking.office, ranking.event, ranking.channel)
    inputs = "|".join([str(RENDER_VERSION), kind, *(f"{o.pk}@{o.updated_at.isoformat()}" for o in stamps)])
    return hashlib.sha256(inputs.encode()).hexdigest()[:12]


def _download_name(ranking: Ranking, kind: str) -> str:
    spec = KINDS[kind]
    prefix = "piagam" if kind.startswith("certificate") else "kartu"
    parts = [prefix, ranking.event.slug, ranking.channel.code, ranking.office_kind, str(ranking.position)]
    return f"{'-'.join(parts)}-{ranking.office.slug}.{spec.extension}"


def rendered_response(ranking: Ranking, kind: str, *, attachment: bool) -> FileResponse:
    """Send a place's certificate or card from the shared storage (drawn there on first use)."""
    name = rendered(ranking, kind)
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=attachment,
        filename=_download_name(ranking, kind),
        content_type=KINDS[kind].content_type,
    )
    if ranking.event.is_published:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
