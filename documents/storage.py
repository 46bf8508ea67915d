"""Renders kept in the shared media storage: keyed names, storing, reuse, deletion, downloads, ZIP.

A render's file name carries a keyed hash (HMAC with SECRET_KEY) of everything drawn on it (its
plain data, a frozen dataclass) and of the stamps the caller adds (e.g. when its sources last
changed). A change to any of them gives a new name, so the next request draws a new picture; until
then every app server finds the one file already made. The storage is the cache: nothing is kept
in a process.

The media folder is served by nginx to anyone with the address (docs/deploy.md). The key makes a
render's address unguessable: a draft's render is reached only through views that check who asks,
which send the file themselves. Where a render is filed (its folder) is the caller's choice.
"""

import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.http import content_disposition_header

# Bump when the drawing code changes, so pictures drawn by the old code are remade.
RENDER_VERSION = 4
# The HMAC's salt. It names the package the renders were first drawn by: changing it would give
# every stored render a new name, and all would be drawn again.
RENDER_SALT = "results.certificates.render"
# Pieces handed to the response while a stored file is copied into a ZIP.
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
# The files of a certificate drawn for a whole event (its ZIP): the PDF, for print. The picture
# for screens (certificate-png) is drawn when a page asks for it.
CERTIFICATE_KINDS = ("certificate-pdf",)


KEY_OPTIONAL_FIELDS = ("provisional",)


def render_key(*, kind: str, data: object, stamps: Mapping[str, object]) -> str:
    """A keyed hash of a render's inputs: its kind, its plain data (a dataclass) and the stamps.

    Keyed with SECRET_KEY (salted_hmac), so that knowing every word and date of a render is not
    enough to find its file in the public media folder. 32 hex digits: 128 bits. ``stamps`` may
    hold dates and times (DjangoJSONEncoder writes them).
    """
    text = asdict(data)
    # Fields added later with an empty default leave the key of every earlier render as it was
    # (a final certificate drawn before says the same).
    for name in KEY_OPTIONAL_FIELDS:
        if text.get(name) == "":
            del text[name]
    inputs = {**stamps, "version": RENDER_VERSION, "kind": kind, "text": text}
    value = DjangoJSONEncoder(sort_keys=True).encode(inputs)
    return salted_hmac(RENDER_SALT, value, algorithm="sha256").hexdigest()[:32]


def render_name(*, folder: str, kind: str, data: object, stamps: Mapping[str, object]) -> str:
    """``<folder>/<kind>-<key>.<extension>``: the storage name of one render."""
    key = render_key(kind=kind, data=data, stamps=stamps)
    return f"{folder}/{kind}-{key}.{KINDS[kind].extension}"


def render_exists(name: str) -> bool:
    return default_storage.exists(name)


def render_store(*, name: str, kind: str, content: bytes) -> None:
    """Keep a render under its name and remove the older renders of its kind in its folder."""
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


def render_reuse(*, name: str, kind: str, draw: Callable[[], bytes]) -> str:
    """The stored render of this name, drawn by ``draw`` and stored first if it is not there."""
    if not default_storage.exists(name):
        render_store(name=name, kind=kind, content=draw())
    return name


def renders_reuse(*, names: Mapping[str, str], draw: Callable[[], Mapping[str, bytes]]) -> dict[str, str]:
    """Renders of several kinds drawn together (a certificate's PDF and PNG, from one picture):
    ``draw`` is called once if any is missing, and only what is missing is stored."""
    missing = [kind for kind, name in names.items() if not default_storage.exists(name)]
    if missing:
        files = draw()
        for kind in missing:
            render_store(name=names[kind], kind=kind, content=files[kind])
    return dict(names)


def renders_delete(*, folder: str) -> None:
    """Remove every render stored in a folder."""
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        default_storage.delete(f"{folder}/{file}")


def render_response(*, name: str, kind: str, filename: str, attachment: bool, public: bool) -> FileResponse:
    """Send a stored render; a public one may be cached an hour, any other is never stored."""
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=attachment,
        filename=filename,
        content_type=KINDS[kind].content_type,
    )
    if public:
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


def zip_stream(entries: Iterable[tuple[str, str]]) -> Iterator[bytes]:
    """A ZIP of stored renders, given as (name in the archive, storage name), produced piece by piece.

    ``entries`` is read as the ZIP is written, so a caller's generator may draw each render just
    before it is copied in. Each piece goes to the response as soon as it is written, so the
    download starts at once and memory stays at about one file. PNG and PDF are compressed
    already, so they are stored (ZIP_STORED); zipfile writes to a stream it cannot seek in by
    putting each file's sizes after its data.
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for archive_name, name in entries:
            with default_storage.open(name, "rb") as source, archive.open(archive_name, "w") as target:
                while chunk := source.read(ZIP_CHUNK):
                    target.write(chunk)
                    yield sink.drain()
    yield sink.drain()


def zip_response(*, entries: Iterable[tuple[str, str]], filename: str) -> StreamingHttpResponse:
    """``zip_stream`` as a streamed download named ``filename``."""
    return StreamingHttpResponse(
        zip_stream(entries),
        content_type="application/zip",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
