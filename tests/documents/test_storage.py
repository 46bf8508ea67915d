"""Stored renders from plain data: keyed names, reuse, deletion, downloads and the streamed ZIP.

No database: a dataclass, a folder name and the test's own media folder (tests/conftest.py).
"""

import datetime
import io
import re
import zipfile
from dataclasses import replace

from django.core.files.storage import default_storage

from documents.storage import (
    render_exists,
    render_name,
    render_response,
    render_reuse,
    render_store,
    renders_delete,
    renders_reuse,
    zip_response,
    zip_stream,
)
from tests.helpers import make_place_text

STAMPS = {"place": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)}
FOLDER = "renders/test/1"


def _name(kind="certificate-pdf", text=None, stamps=STAMPS, folder=FOLDER):
    return render_name(folder=folder, kind=kind, data=text or make_place_text(), stamps=stamps)


def test_render_name_is_folder_kind_and_a_key_of_the_data_the_stamps_and_the_secret(settings):
    name = _name()

    assert re.fullmatch(r"renders/test/1/certificate-pdf-[0-9a-f]{32}\.pdf", name)
    assert _name() == name
    assert re.fullmatch(r"renders/test/1/card-og-[0-9a-f]{32}\.png", _name("card-og"))
    others = {
        _name(text=make_place_text(office="Dinas Kesehatan")),
        _name(text=replace(make_place_text(), code="K7QM-3XPA")),
        _name(stamps={"place": STAMPS["place"] + datetime.timedelta(microseconds=1)}),
    }
    settings.SECRET_KEY = "another-secret-key-of-another-installation-0123456789"
    others.add(_name())
    keys = {other.rsplit("-", 1)[1] for other in others} | {name.rsplit("-", 1)[1]}
    assert len(keys) == 5


def test_render_reuse_draws_once_and_then_reads_the_stored_file():
    drawn = []

    def draw():
        drawn.append(1)
        return b"picture"

    name = _name()
    assert render_reuse(name=name, kind="certificate-pdf", draw=draw) == name
    assert render_reuse(name=name, kind="certificate-pdf", draw=draw) == name

    assert len(drawn) == 1
    with default_storage.open(name, "rb") as stored:
        assert stored.read() == b"picture"


def test_a_new_render_replaces_the_older_of_its_kind_only():
    old_pdf, old_png = _name(), _name("certificate-png")
    render_store(name=old_pdf, kind="certificate-pdf", content=b"old pdf")
    render_store(name=old_png, kind="certificate-png", content=b"old png")
    new_pdf = _name(text=make_place_text(office="Dinas Kesehatan"))

    render_store(name=new_pdf, kind="certificate-pdf", content=b"new pdf")

    assert (render_exists(old_pdf), render_exists(old_png), render_exists(new_pdf)) == (False, True, True)


def test_renders_reuse_draws_once_and_stores_only_what_is_missing():
    names = {"certificate-pdf": _name(), "certificate-png": _name("certificate-png")}
    render_store(name=names["certificate-png"], kind="certificate-png", content=b"kept png")
    calls = []

    def draw():
        calls.append(1)
        return {"certificate-pdf": b"pdf", "certificate-png": b"new png"}

    assert renders_reuse(names=names, draw=draw) == names
    assert renders_reuse(names=names, draw=draw) == names

    assert len(calls) == 1
    stored = {kind: default_storage.open(name, "rb").read() for kind, name in names.items()}
    assert stored == {"certificate-pdf": b"pdf", "certificate-png": b"kept png"}


def test_renders_delete_empties_its_folder_only():
    mine, other = _name(), _name(folder="renders/test/2")
    render_store(name=mine, kind="certificate-pdf", content=b"a")
    render_store(name=other, kind="certificate-pdf", content=b"b")

    renders_delete(folder=FOLDER)
    renders_delete(folder="renders/never-made")

    assert (render_exists(mine), render_exists(other)) == (False, True)


def test_render_response_names_the_download_and_caches_only_public_files():
    name = _name()
    render_store(name=name, kind="certificate-pdf", content=b"%PDF-")

    public = render_response(
        name=name, kind="certificate-pdf", filename="piagam-a.pdf", attachment=True, public=True
    )
    draft = render_response(name=name, kind="card-og", filename="kartu-a.png", attachment=False, public=False)

    assert (public["Content-Type"], public["Content-Disposition"]) == (
        "application/pdf",
        'attachment; filename="piagam-a.pdf"',
    )
    assert public["Cache-Control"] == "public, max-age=3600"
    assert b"".join(public.streaming_content) == b"%PDF-"
    assert (draft["Content-Type"], draft["Content-Disposition"]) == (
        "image/png",
        'inline; filename="kartu-a.png"',
    )
    assert draft["Cache-Control"] == "private, no-store"


def test_zip_stream_copies_each_stored_file_as_it_reads_the_entries():
    first, second = _name(), _name(folder="renders/test/2")
    render_store(name=first, kind="certificate-pdf", content=b"first" * 30_000)
    read = []

    def entries():
        read.append(first)
        yield "001-a.pdf", first
        # Stored only once the first entry is in the archive: a caller draws as it goes.
        render_store(name=second, kind="certificate-pdf", content=b"second")
        read.append(second)
        yield "002-b.pdf", second

    stream = zip_stream(entries())
    pieces = [next(stream)]
    assert read == [first]
    pieces += list(stream)

    with zipfile.ZipFile(io.BytesIO(b"".join(pieces))) as archive:
        assert [(i.filename, i.compress_type) for i in archive.infolist()] == [
            ("001-a.pdf", zipfile.ZIP_STORED),
            ("002-b.pdf", zipfile.ZIP_STORED),
        ]
        assert archive.read("001-a.pdf") == b"first" * 30_000
        assert archive.read("002-b.pdf") == b"second"


def test_zip_response_is_a_named_streamed_download():
    name = _name()
    render_store(name=name, kind="certificate-pdf", content=b"pdf")

    response = zip_response(entries=[("a.pdf", name)], filename="piagam-acara.zip")

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/zip",
        'attachment; filename="piagam-acara.zip"',
    )
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert archive.read("a.pdf") == b"pdf"
