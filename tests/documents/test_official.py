"""The official documents from plain data: dates in words, the shipped templates, the PDF, and the
sandbox a committee's template is rendered in."""

import datetime
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from documents.official.data import DocumentKind, Government
from documents.official.docx import TemplateRefused, docx_render, docx_template_check, shipped_template
from documents.official.pdf import pdf_render
from documents.official.words import day_and_date_words, head_of, number_words
from tests.documents.official_data import docx_text, docx_with, sample_data


@pytest.fixture(autouse=True)
def _english():
    # The refusals' words are asserted in English here; tests/results/official reads them in Indonesian.
    with translation.override("en"):
        yield


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_day_and_date_in_words_for_2_november_2021():
    words = day_and_date_words(datetime.date(2021, 11, 2))

    assert words == "Selasa tanggal dua bulan November tahun dua ribu dua puluh satu"


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (datetime.date(2023, 1, 11), "Rabu tanggal sebelas bulan Januari tahun dua ribu dua puluh tiga"),
        (
            datetime.date(2019, 12, 31),
            "Selasa tanggal tiga puluh satu bulan Desember tahun dua ribu sembilan belas",
        ),
        (
            datetime.date(2024, 8, 17),
            "Sabtu tanggal tujuh belas bulan Agustus tahun dua ribu dua puluh empat",
        ),
        (datetime.date(2000, 6, 1), "Kamis tanggal satu bulan Juni tahun dua ribu"),
        (datetime.date(2022, 10, 30), "Minggu tanggal tiga puluh bulan Oktober tahun dua ribu dua puluh dua"),
    ],
)
def test_day_and_date_in_words_other_days(day, words):
    assert day_and_date_words(day) == words


def test_day_unknown_leaves_blanks_to_fill():
    assert day_and_date_words(None) == "…… tanggal …… bulan …… tahun ……"


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "satu"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"), (100, "seratus"), (1000, "seribu")],
)
def test_number_words_say_se_for_one(n, words):
    assert number_words(n) == words


@pytest.mark.parametrize(
    ("title", "name", "head"),
    [
        ("Wali Kota", "Kota Banjarmasin", "Wali Kota Banjarmasin"),
        ("Bupati", "Kabupaten Kulon Progo", "Bupati Kulon Progo"),
        ("Gubernur", "Provinsi Kalimantan Selatan", "Gubernur Kalimantan Selatan"),
        ("Kepala Dinas", "Dinas Komunikasi dan Informatika", "Kepala Dinas Komunikasi dan Informatika"),
    ],
)
def test_head_of_names_the_place_once(title, name, head):
    assert head_of(title, name) == head


def test_shipped_sk_annex_prints_heading_tables_and_signature():
    data = sample_data(
        government=Government(
            "Kabupaten Kulon Progo", "PEMERINTAH KABUPATEN KULON PROGO", "Bupati", "Agung Setyawan"
        )
    )

    text = docx_text(docx_render(DocumentKind.SK_ANNEX, data))

    assert text.splitlines()[:5] == [
        "LAMPIRAN",
        "KEPUTUSAN BUPATI KULON PROGO",
        "NOMOR\t: ……",
        "TANGGAL\t: ……",
        "TENTANG\t: PENETAPAN PEMENANG EVALUASI MEDIA KOTA BANJARMASIN 2021",
    ]
    lines = text.splitlines()
    assert lines[lines.index("Terbaik Pengelolaan Website — Kategori SKPD") :][:10] == [
        "Terbaik Pengelolaan Website — Kategori SKPD",
        "No.",
        "Nama Peserta",
        "Peringkat",
        "1",
        "Dinas Kebudayaan & Pariwisata",
        "Terbaik Pertama",
        "2",
        "Dinas <Sosial>",
        "Terbaik Kedua",
    ]
    assert lines[-2:] == ["BUPATI KULON PROGO,", "Agung Setyawan"]


def test_shipped_berita_acara_says_the_day_in_words_and_lists_the_jury():
    text = docx_text(docx_render(DocumentKind.BERITA_ACARA, sample_data()))

    assert (
        "Pada hari ini Selasa tanggal dua bulan November tahun dua ribu dua puluh satu, bertempat di "
        "Hotel Rattan Inn, kami yang bertanda tangan di bawah ini, Tim Penilai Evaluasi Media Kota "
        "Banjarmasin 2021," in text
    )
    assert "Banjarmasin, 2 November 2021" in text
    assert text.split("\n")[-4:] == ["1", "Ir. H. Ikhsan Budiman", "Ketua", ""]


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_pdf_has_every_winner_as_text_in_order(kind):
    text = pdf_text(pdf_render(kind, sample_data()))

    assert text.index("Dinas Kebudayaan & Pariwisata") < text.index("Dinas <Sosial>")
    assert "Terbaik Pengelolaan Website — Kategori SKPD" in text


def test_pdf_berita_acara_says_the_day_in_words():
    text = " ".join(pdf_text(pdf_render(DocumentKind.BERITA_ACARA, sample_data())).split())

    assert (
        "Pada hari ini Selasa tanggal dua bulan November tahun dua ribu dua puluh satu, "
        "bertempat di Hotel Rattan Inn" in text
    )


# --- a committee's own template: checked at upload, rendered in a sandbox


def test_own_template_renders_its_placeholders():
    template = docx_with(
        "KOP: {{ government.heading }}",
        "{%p for section in sections %}",
        "{{ section.heading }}",
        "{%p for row in section.rows %}",
        "{{ row.number }}. {{ row.office }} ({{ row.place }})",
        "{%p endfor %}",
        "{%p endfor %}",
    )

    docx_template_check(template, sample_data())
    text = docx_text(docx_render(DocumentKind.SK_ANNEX, sample_data(), template))

    assert text.splitlines() == [
        "KOP: PEMERINTAH KOTA BANJARMASIN",
        "Terbaik Pengelolaan Website — Kategori SKPD",
        "1. Dinas Kebudayaan & Pariwisata (Terbaik Pertama)",
        "2. Dinas <Sosial> (Terbaik Kedua)",
    ]


HOSTILE = [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{% for x in [].__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
    "{{ government.__class__ }}",
    "{{ government|attr('__class__') }}",
    "{{ government.items }}",
    "{{ lipsum }}",
    "{{ range(100000)|list }}",
    "{{ 'a' * 100000000 }}",
    "{{ 9 ** 999999 }}",
    "{{ sections.append(1) }}",
    "{{ self.__init__.__globals__ }}",
    "{{ config }}",
]


@pytest.mark.parametrize("placeholder", HOSTILE)
def test_template_reaching_python_objects_is_refused_at_upload(placeholder):
    template = docx_with("Judul", placeholder)

    with pytest.raises(TemplateRefused) as refused:
        docx_template_check(template, sample_data())

    assert refused.value.problems
    assert all(isinstance(problem, str) and problem for problem in refused.value.problems)


@pytest.mark.parametrize("placeholder", HOSTILE)
def test_template_reaching_python_objects_is_refused_when_rendered_unchecked(placeholder):
    template = docx_with("Judul", placeholder)

    with pytest.raises(TemplateRefused) as refused:
        docx_render(DocumentKind.SK_ANNEX, sample_data(), template)

    words = " ".join(refused.value.problems)
    assert "<class" not in words and "built-in" not in words and "function" not in words


def test_refusal_names_the_paragraph_and_the_unknown_placeholder():
    template = docx_with("Judul", "NOMOR: {{ nomor_sk }}", "{{ event.title")

    with pytest.raises(TemplateRefused) as refused:
        docx_template_check(template, sample_data())

    assert refused.value.problems == [
        "“{{ nomor_sk }}” (paragraph 2: “NOMOR: {{ nomor_sk }}”): "
        "“nomor_sk” is not a placeholder this document knows.",
        "“{{ event.title” (paragraph 3: “{{ event.title”): opened and never closed with “}}”.",
    ]


def test_refusal_of_a_broken_block():
    template = docx_with("Judul", "{%p for row in rows %}", "{{ row.office }}")

    with pytest.raises(TemplateRefused) as refused:
        docx_template_check(template, sample_data())

    assert len(refused.value.problems) == 1
    assert "endfor" in refused.value.problems[0]


@pytest.mark.parametrize(
    "content", [b"", b"%PDF-1.7 not a docx", b"PK\x03\x04 broken zip", docx_with("x")[:-200]]
)
def test_upload_that_is_no_docx_is_refused(content):
    with pytest.raises(TemplateRefused) as refused:
        docx_template_check(content, sample_data())

    assert refused.value.problems == ["The file is not a Word document (DOCX), or it is damaged."]


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_the_shipped_templates_pass_the_upload_check(kind):
    # A committee that starts from a shipped file and adds only its letterhead is never refused.
    docx_template_check(shipped_template(kind), sample_data())


def test_macro_enabled_word_file_is_refused():
    content = _replace_in_zip(
        docx_with("x"),
        "[Content_Types].xml",
        lambda xml: xml.replace(
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml",
        ),
    )

    with pytest.raises(TemplateRefused) as refused:
        docx_template_check(content, sample_data())

    assert refused.value.problems == ["The file is not a Word document (DOCX), or it is damaged."]


def _replace_in_zip(content: bytes, name: str, change) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == name else data)
    return out.getvalue()


def test_berita_acara_pdf_carries_the_emblem():
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGBA", (320, 360), (200, 30, 30, 255)).save(picture, "PNG")

    reader = PdfReader(
        io.BytesIO(pdf_render(DocumentKind.BERITA_ACARA, sample_data(emblem=picture.getvalue())))
    )

    assert [image.image.size for image in reader.pages[0].images] == [(320, 360)]
    assert reader.pages[0].extract_text().splitlines()[0].strip() == "PEMERINTAH KOTA BANJARMASIN"
