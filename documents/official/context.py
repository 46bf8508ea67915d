"""The data of a document as a template sees it: plain dicts, lists and strings, nothing else.

A template (the shipped one or the committee's upload) is rendered in a sandbox and is handed only
what this module makes, never a model or a dataclass: there is no object whose methods or
attributes could lead it back into the app. ``PLACEHOLDERS`` documents every name for the
committee (docs/official-templates.md).
"""

from documents.official.data import OfficialData
from documents.official.words import BLANK, date_printed, day_and_date_words, head_of, place_name

# Every name a template may use, with what it holds (shown to the committee beside a refusal).
PLACEHOLDERS = {
    "government.name": "Kota Banjarmasin",
    "government.heading": "PEMERINTAH KOTA BANJARMASIN",
    "government.head_title": "Wali Kota",
    "government.head_name": "the head's name (may be empty)",
    "government.head_of": "Wali Kota Banjarmasin",
    "government.head_of_upper": "WALI KOTA BANJARMASIN",
    "event.title / event.title_upper / event.year / event.venue / event.city": "the event",
    "event.date": "2 November 2021 (…… when unknown)",
    "event.day_and_date": "Selasa tanggal dua bulan November tahun dua ribu dua puluh satu",
    "event.place_and_date": "Banjarmasin, 2 November 2021",
    "decree.number / decree.date": "…… (filled by the committee)",
    "decree.about": "PENETAPAN PEMENANG …",
    "version.number / version.status": "1 / final",
    "sections": "the tables: each with heading, award, category and rows",
    "row.number / row.office / row.place": "a line of a table (inside {%tr for row in section.rows %})",
    "jury": "who signs the berita acara: each with number, name and title",
    "jury_word": "Tim Penilai",
}


def document_context(data: OfficialData) -> dict:
    """The plain context both templates read."""
    government = data.government
    head = head_of(government.head_title, government.name)
    held = data.held_on
    town = place_name(data.city) or place_name(government.name)
    return {
        "government": {
            "name": government.name,
            "heading": government.heading,
            "head_title": government.head_title,
            "head_name": government.head_name or BLANK,
            "head_of": head,
            "head_of_upper": head.upper(),
        },
        "event": {
            "title": data.event_title,
            "title_upper": data.event_title.upper(),
            "year": str(data.year),
            "venue": data.venue or BLANK,
            "city": data.city,
            "date": date_printed(held),
            "day_and_date": day_and_date_words(held),
            "place_and_date": f"{town}, {date_printed(held)}" if town else date_printed(held),
        },
        "decree": {
            "number": BLANK,
            "date": BLANK,
            "about": f"PENETAPAN PEMENANG {data.event_title.upper()}",
        },
        "version": {"number": str(data.version_number), "status": "final" if data.is_final else "sementara"},
        "sections": [
            {
                "heading": section.heading,
                "award": section.award,
                "category": section.category,
                "rows": [
                    {"number": str(row.number), "office": row.office, "place": row.place}
                    for row in section.rows
                ],
            }
            for section in data.sections
        ],
        "jury": [
            {"number": str(number), "name": person.name, "title": person.title}
            for number, person in enumerate(data.jury, start=1)
        ],
        "jury_word": data.jury_word,
    }
