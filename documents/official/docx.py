"""DOCX through docxtpl, its placeholders rendered in a Jinja sandbox.

A template is the shipped one (``templates/<kind>.docx``) or the committee's upload, which may be
anything: its placeholders run in ``ImmutableSandboxedEnvironment`` (no attribute that starts with
“_”, no mutation, no unsafe call), with no globals (``cycler``, ``lipsum`` and friends are gone),
``StrictUndefined`` (a name the context does not hold is an error, not an empty string), a
``finalize`` that prints only text and numbers (never the repr of a dict's method or any other
object), and bounds on ``*`` and ``**``. The context is document_context's plain dicts and strings.
Whatever goes wrong is a ``TemplateRefused`` listing each problem by paragraph and placeholder.
"""

import io
import operator
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from documents.official.context import document_context
from documents.official.data import DocumentKind, OfficialData

TEMPLATES = Path(__file__).resolve().parent / "templates"
# An upload larger than this is no letter template (a kop surat with its emblem is well below).
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
# The longest text or list a placeholder may make by “*” or “**” (a template is no calculator).
MAX_PRODUCT = 10_000
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# “{{ event.title” with no “}}” before the next tag or the paragraph's end.
UNCLOSED = re.compile(r"\{\{(?:(?!\}\}|\{\{|\{%).)*$|\{%(?:(?!%\}|\{\{|\{%).)*$", re.DOTALL)


class TemplateRefused(ValueError):
    """A template that cannot be used, with each problem in words for the committee."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _bounded(op):
    def apply(left, right):
        if op is operator.pow and isinstance(right, int | float) and abs(right) > 64:
            raise SecurityError(_("a power this large is refused"))
        for sequence, times in ((left, right), (right, left)):
            sized = isinstance(sequence, str | list | tuple) and isinstance(times, int)
            if sized and len(sequence) * times > MAX_PRODUCT:
                raise SecurityError(_("a text or list this long is refused"))
        return op(left, right)

    return apply


class DocumentSandbox(ImmutableSandboxedEnvironment):
    """The sandbox every template is rendered in."""

    intercepted_binops = frozenset({"*", "**"})
    _binops = {"*": _bounded(operator.mul), "**": _bounded(operator.pow)}

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=_printable)
        self.globals.clear()

    def call_binop(self, context, operator_: str, left, right):
        return self._binops[operator_](left, right)


def _printable(value):
    if isinstance(value, Undefined):
        str(value)  # raises: StrictUndefined names the missing name or the refused attribute
    if isinstance(value, Markup | str | int | float) and not isinstance(value, bool):
        return value
    # Not the value's type or repr: the committee learns what to fix, never what lies behind.
    raise SecurityError(_("a placeholder prints something that is not a text (a list, a table or a method)"))


def sandbox() -> DocumentSandbox:
    return DocumentSandbox()


def shipped_template(kind: DocumentKind) -> bytes:
    return (TEMPLATES / f"{kind.value}.docx").read_bytes()


def _paragraphs(document) -> Iterator[tuple[str, str]]:
    """(where, text) of every paragraph of the body (tables included), headers and footers."""
    parts = [(_("paragraph %(number)d"), document.element.body)]
    for number, section in enumerate(document.sections, start=1):
        for label, part in (
            (_("header %(section)d, paragraph %(number)d"), section.header),
            (_("footer %(section)d, paragraph %(number)d"), section.footer),
        ):
            if not part.is_linked_to_previous:
                parts.append((label.replace("%(section)d", str(number)), part._element))
    for label, element in parts:
        for number, paragraph in enumerate(element.iter(qn("w:p")), start=1):
            text = "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
            if "{" in text:
                yield label % {"number": number}, text


def _open(template: bytes):
    if len(template) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(
            [_("The file is larger than %(size)d MB.") % {"size": MAX_TEMPLATE_BYTES // (1024 * 1024)}]
        )
    try:
        with zipfile.ZipFile(io.BytesIO(template)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise TemplateRefused([_("The file is not a Word document (DOCX), or it is damaged.")])
        return Document(io.BytesIO(template))
    except TemplateRefused:
        raise
    except Exception:  # zipfile, lxml and python-docx each have their own errors for a bad file
        raise TemplateRefused([_("The file is not a Word document (DOCX), or it is damaged.")]) from None


def _placeholder_problems(document, names: set[str]) -> list[str]:
    """Each tag that reaches for Python internals, does not parse, or names what the context lacks."""
    env = sandbox()
    problems = []
    # A name a {% for %} of the template introduces (row, section, person) is known inside it.
    loop_names = set(re.findall(r"\{%-?\s*\w*\s*for\s+(\w+)", _all_text(document)))
    for where, text in _paragraphs(document):
        for opened in UNCLOSED.findall(text):
            problems.append(
                _("“%(tag)s” (%(where)s: “%(text)s”): opened and never closed with “%(close)s”.")
                % {
                    "tag": opened.strip(),
                    "where": where,
                    "text": text.strip()[:80],
                    "close": "}}" if opened.startswith("{{") else "%}",
                }
            )
        for tag in TAG.findall(text):
            inner = tag[2:-2].strip()
            shown = f"“{tag}” ({where}: “{text.strip()[:80]}”)"
            if "__" in inner or re.search(r"(^|[.\[\s])_", inner):
                problems.append(
                    _("%(tag)s: names starting with “_” reach into Python objects and are refused.")
                    % {"tag": shown}
                )
                continue
            if tag.startswith("{%"):
                continue  # a block's tags are checked together by the render below
            # docxtpl's own markers ({{p …}}, {{r …}}) are a letter and a space before the expression
            expression = re.sub(r"^(p|r|tr|tc)\s+", "", inner)
            try:
                unknown = meta.find_undeclared_variables(env.parse("{{ " + expression + " }}")) - names
            except TemplateSyntaxError as error:
                problems.append(f"{shown}: {error.message}.")
                continue
            for name in sorted(unknown - loop_names):
                problems.append(
                    _("%(tag)s: “%(name)s” is not a placeholder this document knows.")
                    % {"tag": shown, "name": name}
                )
    return problems


def _all_text(document) -> str:
    if not hasattr(document, "_official_text"):
        document._official_text = "\n".join(text for _where, text in _paragraphs(document))
    return document._official_text


def _render(template: bytes, context: dict) -> bytes:
    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(context, jinja_env=sandbox(), autoescape=True)
    except TemplateError as error:
        near = " / ".join(line.strip() for line in getattr(error, "docx_context", []) if line.strip())[:160]
        what = getattr(error, "message", None) or str(error)
        if isinstance(error, SecurityError) or "unsafe" in what:
            what = _("refused: %(what)s") % {"what": what}
        raise TemplateRefused(
            [_("Near “%(near)s”: %(what)s") % {"near": near, "what": what} if near else what]
        ) from None
    except Exception as error:  # a tag that leaves the document's XML broken, and the like
        raise TemplateRefused(
            [_("The template does not render into a Word document: %(error)s") % {"error": error}]
        ) from None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_render(kind: DocumentKind, data: OfficialData, template: bytes | None = None) -> bytes:
    """The document as DOCX, from the committee's ``template`` or the shipped one."""
    return _render(template or shipped_template(kind), document_context(data))


def docx_template_check(template: bytes, sample: OfficialData) -> None:
    """Refuses an uploaded template (``TemplateRefused``, every problem listed) unless it is a DOCX
    whose placeholders are all known and which renders with ``sample`` data."""
    document = _open(template)
    context = document_context(sample)
    problems = _placeholder_problems(document, set(context))
    if problems:
        raise TemplateRefused(problems)
    _render(template, context)
