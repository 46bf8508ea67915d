"""The office register as a spreadsheet: name, short name, kind, parent, one column per channel."""

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Prefetch, QuerySet, Value
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.spreadsheets.cells import import_text
from common.spreadsheets.importing import (
    AllOrNothingResource,
    Column,
    RowOutcome,
    in_both_languages,
)
from common.spreadsheets.limits import SpreadsheetError
from common.spreadsheets.writers import write_sheet
from offices.models import Channel, Office, OfficeAccount, OfficeFormerName, OfficeKind
from offices.names import bare_name, display_name, name_key, normalize_name
from offices.services import OfficeImportRow, offices_import_save

__all__ = ["OfficeLookup", "OfficeResource", "kind_parser", "name_key", "office_register_file"]

OFFICE_COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("short_name", gettext_lazy("Short name")),
    ("kind", gettext_lazy("Office kind")),
    ("parent", gettext_lazy("Parent office")),
    ("slug", gettext_lazy("Slug")),
]


def kind_parser(kinds: Iterable[OfficeKind] | None = None):
    """A function reading an office kind as its code, its name or its printed word, in any letter
    case (“SKPD”, “kelurahan”, “Kapanewon”), and returning the kind.

    The kinds are read once per import (one query), not once per row.
    """
    kinds = list(OfficeKind.objects.all() if kinds is None else kinds)
    names: dict[str, OfficeKind] = {}
    # Codes first, then names, then words: a code or a name is never shadowed by another kind's word.
    for attribute in ("prefix", "name", "code"):
        for kind in kinds:
            word = normalize_name(getattr(kind, attribute)).casefold()
            if word:
                names[word] = kind
    choices = _(" or ").join(kind.name for kind in kinds)

    def parse(value) -> OfficeKind:
        text = normalize_name(import_text(value))
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
    kind_id: str
    slug: str
    prefix: str
    kind_name: str


class OfficeLookup:
    """Offices found by slug, by name or by a former name, with or without their kind's printed
    word (“Kelurahan Pelambuan”), ignoring case and spacing. A current name wins over a former one
    (a dinas renamed away from a name may see a new dinas take it)."""

    def __init__(self, offices: Iterable[Office] = (), former: Iterable[tuple[Office, str]] = ()):
        self.by_slug: dict[str, Office | _OfficeRow] = {}
        self.by_name: dict[str, list[Office | _OfficeRow]] = {}
        self.by_former_name: dict[str, list[Office | _OfficeRow]] = {}
        self._made: dict[int, Office] = {}
        for office in offices:
            self.add(office)
        for office, name in former:
            self.add_former_name(office, name)

    @classmethod
    def of_all_offices(cls) -> "OfficeLookup":
        """A lookup over every office and former name, read as plain values in one query: a model
        instance is made only for the offices a file names (a city may keep thousands of offices;
        a file names a few)."""
        lookup = cls()
        current = Office.objects.order_by().values_list(
            "pk", "name", "kind_id", "slug", "kind__prefix", "kind__name", Value(False)
        )
        former = OfficeFormerName.objects.order_by().values_list(
            "office_id",
            "name",
            "office__kind_id",
            "office__slug",
            "office__kind__prefix",
            "office__kind__name",
            Value(True),
        )
        rows: dict[int, _OfficeRow] = {}
        formers = []
        for *values, is_former in current.union(former, all=True):
            if is_former:
                formers.append(_OfficeRow(*values))
            else:
                rows[values[0]] = _OfficeRow(*values)
                lookup.add(rows[values[0]])
        for row in formers:
            lookup.add_former_name(rows.get(row.pk) or row, row.name)
        return lookup

    @staticmethod
    def _keys(name: str, prefix: str) -> set[str]:
        return {name_key(name), name_key(display_name(name, prefix))}

    def add(self, office: "Office | _OfficeRow") -> None:
        if office.slug:
            self.by_slug[office.slug.casefold()] = office
        for key in self._keys(office.name, office.prefix):
            self.by_name.setdefault(key, []).append(office)

    def add_former_name(self, office: "Office | _OfficeRow", name: str) -> None:
        for key in self._keys(name, office.prefix):
            if office not in self.by_former_name.setdefault(key, []):
                self.by_former_name[key].append(office)

    def _office(self, found: "Office | _OfficeRow") -> Office:
        if isinstance(found, Office):
            return found
        if found.pk not in self._made:
            # Made as if read from the database with just these fields; it is only referred to.
            office = Office(pk=found.pk, name=found.name, slug=found.slug)
            office.kind = OfficeKind(code=found.kind_id, name=found.kind_name, prefix=found.prefix)
            office._state.adding, office._state.db = False, Office.objects.db
            office.kind._state.adding, office.kind._state.db = False, Office.objects.db
            self._made[found.pk] = office
        return self._made[found.pk]

    def candidates(self, text: str, kind: str | None = None) -> tuple[list, bool]:
        """The offices ``text`` may mean, and whether they were found by a former name."""
        key = name_key(text)
        found, by_former = self.by_name.get(key, []), False
        if kind:
            found = [office for office in found if office.kind_id == kind]
        if not found:
            found, by_former = self.by_former_name.get(key, []), True
            if kind:
                found = [office for office in found if office.kind_id == kind]
        if not found and key in self.by_slug:
            found, by_former = [self.by_slug[key]], False
        return found, by_former and bool(found)

    def find(self, text: str, kind: str | None = None) -> Office:
        """The one office meant by ``text``; ValueError with the reason otherwise."""
        if not name_key(text):
            raise ValueError(_("An office is needed."))
        found, _by_former = self.candidates(text, kind)
        if not found and kind:
            found, _by_former = self.candidates(text)
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
    accounts = Prefetch("accounts", queryset=OfficeAccount.objects.order_by())
    for office in (
        offices.select_related("kind", "parent__kind")
        .prefetch_related(accounts)
        .order_by("kind__order", "kind__name", "name")
    ):
        handles = {account.channel_id: account.handle for account in office.accounts.all()}
        yield [
            office.name,
            office.short_name,
            office.kind.name,
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
        # Every row has the same keys: those of the columns the file has. A column the file
        # lacks leaves that field of the offices it names as it is.
        present = set(rows[0].values) if rows else set()
        existing = list(Office.objects.select_related("kind"))
        by_pk = {o.pk: o for o in existing}
        former = [(by_pk[pk], name) for pk, name in OfficeFormerName.objects.values_list("office_id", "name")]
        accounts = {(a.office_id, a.channel_id): a for a in OfficeAccount.objects.all()}
        lookup = OfficeLookup(existing, former)
        by_slug = {o.slug: o for o in existing}
        seen: dict[tuple[str, str], RowOutcome] = {}
        seen_office: dict[int, RowOutcome] = {}
        parse_kind = kind_parser()
        new_slugs: dict[str, RowOutcome] = {}
        planned: list[tuple[RowOutcome, Office, str | None]] = []

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
            # Matched by slug, else by name (or a former name) within the kind, whatever the
            # kind's printed word; a new office takes the file's slug, so a register exported
            # from one database recreates the same addresses in another.
            office = by_slug.get(slug) if slug else None
            matched_by_slug, by_former = office is not None, False
            if office is None:
                found, by_former = lookup.candidates(name, kind.code)
                if len(found) > 1:
                    row.error(
                        headers["name"],
                        _("“%(name)s” names more than one office (%(slugs)s); write the slug instead.")
                        % {"name": name, "slugs": ", ".join(sorted(o.slug or o.name for o in found))},
                    )
                    continue
                office = lookup._office(found[0]) if found else None
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
            # A row that names an office by a former name is an older list: it does not rename
            # the office back.
            final_name = office.name if by_former else bare_name(name, kind.prefix)
            key = (name_key(final_name, kind.prefix), kind.code)
            if office is not None and office.pk in seen_office:
                row.error(
                    headers["name"],
                    _("This office is already in row %(row)s.") % {"row": seen_office[office.pk].number},
                )
                continue
            if key in seen:
                row.error(
                    headers["name"], _("This office is already in row %(row)s.") % {"row": seen[key].number}
                )
                continue
            if matched_by_slug:
                holders = [
                    other
                    for other in lookup.by_name.get(name_key(final_name), [])
                    if other.kind_id == kind.code and other.pk != office.pk
                ]
                if holders:
                    row.error(
                        headers["name"],
                        _("Another office (%(slug)s) is already called “%(name)s”.")
                        % {"slug": holders[0].slug, "name": display_name(final_name, kind.prefix)},
                    )
                    continue
            seen[key] = row
            if office is None:
                office = Office(name=final_name, short_name=short_name, kind=kind, slug=slug)
                lookup.add(office)
                row.import_type = "new"
            else:
                seen_office[office.pk] = row
                before = (office.name, office.short_name, office.kind_id)
                office.name, office.kind = final_name, kind
                if "short_name" in present:
                    office.short_name = short_name
                after = (office.name, office.short_name, office.kind_id)
                if name_key(before[0]) != name_key(after[0]):
                    lookup.add(office)
                row.import_type = "skip" if before == after else "update"
            planned.append((row, office, import_text(values["parent"]) if "parent" in present else None))

        for row, office, parent_text in planned:
            parent = by_pk.get(office.parent_id) if parent_text is None else None
            if parent_text:
                try:
                    parent = lookup.find(parent_text)
                except ValueError as exc:
                    row.error(headers["parent"], str(exc))
                    continue
                if parent is office or (parent.pk is not None and parent.pk == office.pk):
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
            row.instance = OfficeImportRow(
                office=office, parent=parent, handles=handles, set_parent=parent_text is not None
            )

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
