"""The office register as a spreadsheet: name, short name, kind, parent, one column per channel."""

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Prefetch, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.spreadsheets import (
    AllOrNothingResource,
    Column,
    RowOutcome,
    SpreadsheetError,
    import_text,
    in_both_languages,
    write_sheet,
)
from offices.models import Channel, Office, OfficeAccount, OfficeKind, normalize_name, office_display_name
from offices.services import OfficeImportRow, offices_import_save

OFFICE_COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("short_name", gettext_lazy("Short name")),
    ("kind", gettext_lazy("Office kind")),
    ("parent", gettext_lazy("Parent office")),
    ("slug", gettext_lazy("Slug")),
]


def name_key(text: str) -> str:
    """How names are compared: trimmed, inner spaces folded, letter case ignored."""
    return normalize_name(text).casefold()


def kind_parser():
    """A function reading an office kind as its code or its label (“SKPD”, “Kelurahan”).

    The labels are translated once per import, not once per row.
    """
    names = {}
    for kind, label in OfficeKind.choices:
        names[kind] = kind
        names[str(label).casefold()] = kind
    choices = _(" or ").join(str(label) for _v, label in OfficeKind.choices)

    def parse(value) -> str:
        text = import_text(value)
        try:
            return names[text.casefold()]
        except KeyError:
            raise ValueError(
                _("Unknown office kind “%(value)s”; use %(kinds)s.") % {"value": text, "kinds": choices}
            ) from None

    return parse


class _OfficeRow(NamedTuple):
    pk: int
    name: str
    kind: str
    slug: str


class OfficeLookup:
    """Offices found by slug, by name or by display name (“Kelurahan Pelambuan”), ignoring case
    and spacing."""

    def __init__(self, offices: Iterable[Office] = ()):
        self.by_slug: dict[str, Office | _OfficeRow] = {}
        self.by_name: dict[str, list[Office | _OfficeRow]] = {}
        self._made: dict[int, Office] = {}
        for office in offices:
            self.add(office)

    @classmethod
    def of_all_offices(cls) -> "OfficeLookup":
        """A lookup over every office, read as plain values: a model instance is made only for
        the offices a file names (a city may keep thousands of offices; a file names a few)."""
        lookup = cls()
        for values in Office.objects.order_by().values_list("pk", "name", "kind", "slug"):
            lookup.add(_OfficeRow(*values))
        return lookup

    def add(self, office: "Office | _OfficeRow") -> None:
        if office.slug:
            self.by_slug[office.slug.casefold()] = office
        for name in {name_key(office.name), name_key(office_display_name(office.name, office.kind))}:
            self.by_name.setdefault(name, []).append(office)

    def _office(self, found: "Office | _OfficeRow") -> Office:
        if isinstance(found, Office):
            return found
        if found.pk not in self._made:
            # Made as if read from the database with just these fields; it is only referred to.
            office = Office(pk=found.pk, name=found.name, kind=found.kind, slug=found.slug)
            office._state.adding, office._state.db = False, Office.objects.db
            self._made[found.pk] = office
        return self._made[found.pk]

    def find(self, text: str, kind: str | None = None) -> Office:
        """The one office meant by ``text``; ValueError with the reason otherwise."""
        key = name_key(text)
        if not key:
            raise ValueError(_("An office is needed."))
        found = self.by_name.get(key) or ([self.by_slug[key]] if key in self.by_slug else [])
        if kind and len(found) > 1:
            found = [office for office in found if office.kind == kind] or found
        if not found:
            raise ValueError(_("No office “%(name)s”; add it to the offices first.") % {"name": text})
        if len(found) > 1:
            raise ValueError(
                _("“%(name)s” names more than one office (%(slugs)s); write the slug instead.")
                % {"name": text, "slugs": ", ".join(sorted(o.slug or o.name for o in found))}
            )
        return self._office(found[0])


def office_register_headers(channels: list[Channel]) -> list[str]:
    return [str(header) for _key, header in OFFICE_COLUMNS] + [channel.name for channel in channels]


def office_register_rows(offices: QuerySet[Office], channels: list[Channel]) -> Iterator[list]:
    kinds = dict(OfficeKind.choices)
    accounts = Prefetch("accounts", queryset=OfficeAccount.objects.order_by())
    for office in (
        offices.select_related("parent").prefetch_related(accounts).order_by(OfficeKind.order_by(), "name")
    ):
        handles = {account.channel_id: account.handle for account in office.accounts.all()}
        yield [
            office.name,
            office.short_name,
            str(kinds[office.kind]),
            office.parent.display_name if office.parent else "",
            office.slug,
            *[handles.get(channel.pk, "") for channel in channels],
        ]


def office_register_file(offices: QuerySet[Office], fmt: str) -> bytes:
    """The register of these offices in three queries (channels, offices, accounts)."""
    channels = list(Channel.objects.order_by("order", "name"))
    return write_sheet(
        fmt,
        office_register_headers(channels),
        office_register_rows(offices, channels),
        title=str(_("Office register")),
    )


class OfficeResource(AllOrNothingResource):
    """The office register: offices are matched by slug, or by name and kind; new ones are added."""

    display_name = gettext_lazy("Offices (register)")

    class Meta:
        model = Office

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._channels: list[Channel] | None = None

    @property
    def channels(self) -> list[Channel]:
        if self._channels is None:
            self._channels = list(Channel.objects.order_by("order", "name"))
        return self._channels

    def columns(self) -> list[Column]:
        fixed = [
            Column(key, in_both_languages(header), required=key in {"name", "kind"})
            for key, header in OFFICE_COLUMNS
        ]
        return fixed + [Column(f"channel:{c.pk}", [c.name, c.code]) for c in self.channels]

    def prepare(self, rows: list[RowOutcome], *, lock: bool) -> None:
        headers = {c.key: c.headers[0] for c in self.columns()}
        existing = list(Office.objects.all())
        by_slug = {o.slug: o for o in existing}
        by_name_kind = {(name_key(o.name), o.kind): o for o in existing}
        accounts = {(a.office_id, a.channel_id): a for a in OfficeAccount.objects.all()}
        lookup = OfficeLookup(existing)
        seen: dict[tuple[str, str], RowOutcome] = {}
        parse_kind = kind_parser()
        new_slugs: dict[str, RowOutcome] = {}
        planned: list[tuple[RowOutcome, Office, str]] = []

        for row in rows:
            values = row.values
            name = normalize_name(import_text(values.get("name")))
            if not name:
                row.error(headers["name"], _("A name is needed."))
            elif len(name) > 200:
                row.error(headers["name"], _("A name has at most 200 characters."))
            short_name = normalize_name(import_text(values.get("short_name")))
            if len(short_name) > 60:
                row.error(headers["short_name"], _("A short name has at most 60 characters."))
            try:
                kind = parse_kind(values.get("kind"))
            except ValueError as exc:
                row.error(headers["kind"], str(exc))
                kind = None
            slug = import_text(values.get("slug")).lower()
            if row.errors:
                continue
            # Matched by slug, else by name and kind; a new office takes the file's slug, so a
            # register exported from one database recreates the same addresses in another.
            office = by_slug.get(slug) if slug else None
            if office is None:
                office = by_name_kind.get((name_key(name), kind))
            if office is None and slug:
                if slugify(slug) != slug:
                    row.error(headers["slug"], _("“%(slug)s” is not a valid slug.") % {"slug": slug})
                    continue
                if slug in new_slugs:
                    row.error(
                        headers["slug"],
                        _("The slug “%(slug)s” is already in row %(row)s.")
                        % {"slug": slug, "row": new_slugs[slug].number},
                    )
                    continue
                new_slugs[slug] = row
            if (name_key(name), kind) in seen:
                row.error(
                    headers["name"],
                    _("This office is already in row %(row)s.")
                    % {"row": seen[(name_key(name), kind)].number},
                )
                continue
            seen[(name_key(name), kind)] = row
            if office is None:
                office = Office(name=name, short_name=short_name, kind=kind, slug=slug)
                lookup.add(office)
                row.import_type = "new"
            else:
                before = (office.name, office.short_name, office.kind)
                office.name, office.short_name, office.kind = name, short_name, kind
                row.import_type = "skip" if before == (name, short_name, kind) else "update"
            planned.append((row, office, import_text(values.get("parent"))))

        for row, office, parent_text in planned:
            parent = None
            if parent_text:
                try:
                    parent = lookup.find(parent_text)
                except ValueError as exc:
                    row.error(headers["parent"], str(exc))
                    continue
                if parent is office:
                    row.error(headers["parent"], _("An office cannot be its parent."))
                    continue
            handles = {}
            for channel in self.channels:
                handle = import_text(values_get(row, f"channel:{channel.pk}"))
                if len(handle) > 300:
                    row.error(headers[f"channel:{channel.pk}"], _("An address has at most 300 characters."))
                elif handle:
                    handles[channel] = handle
                    account = accounts.get((office.pk, channel.pk)) if office.pk else None
                    if row.import_type == "skip" and (account is None or account.handle != handle):
                        row.import_type = "update"
            parent_id = parent.pk if parent is not None else None
            if row.import_type == "skip" and (parent_id != office.parent_id or (parent and not parent.pk)):
                row.import_type = "update"
            row.instance = OfficeImportRow(office=office, parent=parent, handles=handles)

    def save(self, rows: list[RowOutcome], *, user) -> None:
        try:
            offices_import_save(rows=[row.instance for row in rows if row.import_type != "skip"], by=user)
        except (IntegrityError, ValidationError) as exc:
            # Only a change saved by someone else since the check can get here.
            raise SpreadsheetError(
                _("The offices could not be saved: %(reason)s Nothing was saved.")
                % {"reason": "; ".join(getattr(exc, "messages", [str(exc)]))}
            ) from exc
        for row in rows:
            row.instance = row.instance.office


def values_get(row: RowOutcome, key: str):
    return row.values.get(key)
