"""The official documents of a published version (the SK annex and the berita acara): its rows
read into documents.official's plain data, rendered as DOCX or PDF.

``version_document`` is the one function every caller uses (the admin's downloads here, and a
background task for a large event if one is wanted): it takes a version and answers bytes, a file
name and a content type. The committee's own templates are the government's (offices.Government);
``template_upload_check`` answers offices' upload hook.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from documents.official.data import DocumentKind, OfficialData, Person, Row, Section
from documents.official.data import Government as PrintedGovernment
from offices.government import government
from offices.models import Government
from results.freezing import JURY
from results.models import PublishedVersion
from results.selectors import printed_version

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
KINDS = {kind.value: kind for kind in DocumentKind}
# The government's field of the committee's own template for each document.
TEMPLATE_FIELDS = {DocumentKind.SK_ANNEX: "sk_annex_template", DocumentKind.BERITA_ACARA: "minutes_template"}


@dataclass(frozen=True)
class OfficialFile:
    content: bytes
    filename: str
    content_type: str


def _printed_government(row: Government, *, emblem: bool) -> tuple[PrintedGovernment, bytes]:
    picture = b""
    if emblem and row.emblem:
        try:
            with row.emblem.open("rb") as file:
                picture = file.read()
        except OSError:
            picture = b""  # a lost emblem file prints the document without it
    printed = PrintedGovernment(
        name=row.name, heading=row.printed_heading, head_title=row.head_title, head_name=row.head_name
    )
    return printed, picture


def version_official_data(version: PublishedVersion, *, emblem: bool = False) -> OfficialData:
    """The version as its official documents print it (three queries, and the government's)."""
    printed = printed_version(version)
    sections = []
    for item in printed.awards:
        award = item.award
        for entry in item.categories:
            category = entry.category
            same = not category.title or category.title.casefold() == award.title.casefold()
            rows = tuple(
                Row(number=number, office=place.office_display_name, place=place.title)
                for number, place in enumerate([*entry.places, *entry.mentions], start=1)
            )
            sections.append(Section(award=award.title, category="" if same else category.title, rows=rows))
    jury = version.extras.get(JURY) or []
    if jury:
        signers, word = tuple(Person(p["name"], p.get("title", "")) for p in jury), "Dewan Juri"
    else:
        signers, word = tuple(Person(s.name, s.title) for s in printed.signatories), "Tim Penilai"
    printed_government, picture = _printed_government(government(), emblem=emblem)
    return OfficialData(
        government=printed_government,
        event_title=version.title,
        year=version.year,
        held_on=version.held_on,
        venue=version.venue,
        city=version.city,
        version_number=version.number,
        is_final=version.is_final,
        sections=tuple(sections),
        jury=signers,
        jury_word=word,
        emblem=picture,
    )


def _own_template(kind: DocumentKind) -> bytes | None:
    from documents.official.docx import TemplateRefused

    field = getattr(government(), TEMPLATE_FIELDS[kind])
    if not field:
        return None
    try:
        with field.open("rb") as file:
            return file.read()
    except OSError:
        raise TemplateRefused([_("The uploaded file is missing from the storage.")]) from None


def version_document(version: PublishedVersion, kind: DocumentKind, fmt: str) -> OfficialFile:
    """One official document of a version as a file. The DOCX follows the committee's own
    template when it uploaded one (documents.official.docx.TemplateRefused if it fails now);
    the PDF is drawn with the shipped layout."""
    from documents.official.docx import docx_render
    from documents.official.pdf import pdf_render

    data = version_official_data(version, emblem=fmt == "pdf")
    content = docx_render(kind, data, _own_template(kind)) if fmt == "docx" else pdf_render(kind, data)
    filename = f"{kind.value}-{version.event.slug}-v{version.number}.{fmt}"
    return OfficialFile(content=content, filename=filename, content_type=FORMATS[fmt])


def template_upload_check(*, field: str, content: bytes, **kwargs) -> list[str]:
    """Receiver of offices.hooks.government_template_uploaded: the problems of an uploaded DOCX
    template, each in words (empty when it renders). It is rendered once, with sample data."""
    from documents.official.docx import TemplateRefused, docx_template_check

    if field not in TEMPLATE_FIELDS.values():
        return []
    try:
        docx_template_check(content, _sample())
    except TemplateRefused as refused:
        return refused.problems
    return []


def _sample() -> OfficialData:
    """Data of every shape a template meets: two tables, a jury, a known day."""
    import datetime

    printed, _picture = _printed_government(government(), emblem=False)
    return OfficialData(
        government=printed,
        event_title=_("Sample event"),
        year=2021,
        held_on=datetime.date(2021, 11, 2),
        venue="Hotel",
        city=printed.name,
        version_number=1,
        is_final=True,
        sections=(
            Section("Terbaik Pengelolaan Website", "SKPD", (Row(1, "Dinas Contoh", "Terbaik Pertama"),)),
            Section(
                "Anugerah PPID",
                "",
                (Row(1, "Kelurahan Contoh", "Juara 1"), Row(2, "Dinas Lain", "Harapan 1")),
            ),
        ),
        jury=(Person("Nama Juri", "Ketua"),),
    )
