"""Official documents of a published version: the decree's annex (lampiran keputusan) and the
berita acara penetapan pemenang, as DOCX and as PDF, from plain data.

data       the plain data of a document (``OfficialData``: the government, the event, the tables,
           the signatories), made by results from a version's rows
words      dates in words as Indonesian documents write them, the head's title
context    the data as the plain dicts and strings a template sees
docx       DOCX through docxtpl in a Jinja sandbox: the shipped templates or the committee's own,
           and the check of an uploaded template
pdf        PDF with a text layer, drawn with ReportLab (docs/decisions.md says why)
templates/ the shipped DOCX templates, made by ``python -m documents.official.make_templates``
"""
