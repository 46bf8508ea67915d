"""The office register as a spreadsheet: name, short name, kind, parent, one column per channel."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Prefetch, QuerySet
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
from offices.lookup import FORMER_NAME, NAME, SLUG, OfficeLookup, ambiguous_office_message, kind_parser
from offices.models import Channel, Office, OfficeAccount, OfficeFormerName, OfficeKind
from offices.names import bare_name, name_key, normalize_name, printed_name
from offices.services import OfficeImportRow, offices_import_save

__all__ = ["OfficeResource", "office_register_file"]

OFFICE_COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("short_name", gettext_lazy("Short name")),
    ("kind", gettext_lazy("Office kind")),
    ("parent", gettext_lazy("Parent office")),
    ("slug", gettext_lazy("Slug")),
]


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


class _OfficeCells(NamedTuple):
    name: str
    short_name: str
    kind: OfficeKind
    slug: str


@dataclass
class _Register:
    """The register as it stands, read once per file (four queries), and what the file's rows
    have claimed so far."""

    by_pk: dict[int, Office]
    by_slug: dict[str, Office]
    lookup: OfficeLookup
    accounts: dict[tuple[int, int], OfficeAccount]
    parse_kind: Callable
    seen_names: dict[tuple[str, str], RowOutcome] = field(default_factory=dict)
    seen_offices: dict[int, RowOutcome] = field(default_factory=dict)
    new_slugs: dict[str, RowOutcome] = field(default_factory=dict)

    @classmethod
    def read(cls) -> "_Register":
        offices = list(Office.objects.select_related("kind"))
        by_pk = {office.pk: office for office in offices}
        former = [(by_pk[pk], name) for pk, name in OfficeFormerName.objects.values_list("office_id", "name")]
        return cls(
            by_pk=by_pk,
            by_slug={office.slug: office for office in offices},
            lookup=OfficeLookup(offices, former),
            accounts={(a.office_id, a.channel_id): a for a in OfficeAccount.objects.all()},
            parse_kind=kind_parser(),
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

    def check_rows(self, rows: list[RowOutcome], *, lock: bool) -> None:
        """Read the register once, match each row to an office (or a new one), then read the
        parents, which may be offices of the same file, and the accounts."""
        headers = {c.key: c.headers[0] for c in self.columns()}
        # Every row has the same keys: those of the columns the file has. A column the file
        # lacks leaves that field of the offices it names as it is.
        present = set(rows[0].values) if rows else set()
        register = _Register.read()
        planned: list[tuple[RowOutcome, Office, str | None]] = []
        for row in rows:
            cells = self._read_cells(row, headers, register)
            if cells is None:
                continue
            office = self._office_of_row(row, headers, cells, register, present)
            if office is not None:
                parent_text = import_text(row.values["parent"]) if "parent" in present else None
                planned.append((row, office, parent_text))
        for row, office, parent_text in planned:
            self._read_parent_and_accounts(row, headers, office, parent_text, register)

    @staticmethod
    def _read_cells(row: RowOutcome, headers, register: "_Register") -> "_OfficeCells | None":
        """A row's name, short name, kind and slug; None (the errors on the row) if one is wrong."""
        values = row.values
        name = normalize_name(import_text(values.get("name")))
        if not name:
            row.error(headers["name"], _("A name is needed."))
        elif len(name) > 200:
            row.error(headers["name"], _("A name has at most 200 characters."))
        short_name = normalize_name(import_text(values.get("short_name")))
        if len(short_name) > 60:
            row.error(headers["short_name"], _("A short name has at most 60 characters."))
        kind = None
        try:
            kind = register.parse_kind(values.get("kind"))
        except ValueError as exc:
            row.error(headers["kind"], str(exc))
        else:
            if kind is None:
                row.error(headers["kind"], _("An office kind is needed."))
        slug = import_text(values.get("slug")).lower()
        if row.errors:
            return None
        return _OfficeCells(name=name, short_name=short_name, kind=kind, slug=slug)

    def _office_of_row(
        self, row: RowOutcome, headers, cells: "_OfficeCells", register: "_Register", present: set[str]
    ) -> Office | None:
        """The office the row names, changed as the row says, or a new one; None on an error."""
        matched = self._match_office(row, headers, cells, register)
        if matched is None:
            return None
        office, how = matched
        kind = cells.kind
        # A row that names an office by a former name is an older list: it does not rename the
        # office back.
        final_name = office.name if how == FORMER_NAME else bare_name(cells.name, kind.prefix)
        key = (name_key(final_name, kind.prefix), kind.code)
        if not self._check_once_in_file(row, headers, office, key, register):
            return None
        if how == SLUG and not self._check_name_free(row, headers, office, final_name, kind, register):
            return None
        register.seen_names[key] = row
        if office is None:
            office = Office(name=final_name, short_name=cells.short_name, kind=kind, slug=cells.slug)
            register.lookup.add(office)
            row.import_type = "new"
            return office
        register.seen_offices[office.pk] = row
        before = (office.name, office.short_name, office.kind_id)
        office.name, office.kind = final_name, kind
        if "short_name" in present:
            office.short_name = cells.short_name
        after = (office.name, office.short_name, office.kind_id)
        if name_key(before[0]) != name_key(after[0]):
            register.lookup.add(office)
        row.import_type = "skip" if before == after else "update"
        return office

    @staticmethod
    def _match_office(
        row: RowOutcome, headers, cells: "_OfficeCells", register: "_Register"
    ) -> tuple[Office | None, str] | None:
        """(the office the row names, or None for a new one; how it was named: by its slug, its
        name or a former name); None on an error.

        Matched by slug, else by name (or a former name) within the kind, whatever the kind's
        printed word; a new office takes the file's slug, so a register exported from one
        database recreates the same addresses in another.
        """
        slug = cells.slug
        if slug and slug in register.by_slug:
            return register.by_slug[slug], SLUG
        # A register row names its office by a name, never by a short name: a short name in the
        # name column would rename the office.
        found, tier = register.lookup.match(cells.name, kind=cells.kind.code, tiers=(NAME, FORMER_NAME, SLUG))
        if len(found) > 1:
            row.error(headers["name"], ambiguous_office_message(cells.name, found))
            return None
        if found:
            return found[0], FORMER_NAME if tier == FORMER_NAME else NAME
        if slug:
            if slugify(slug) != slug:
                row.error(headers["slug"], _("“%(slug)s” is not a valid slug.") % {"slug": slug})
                return None
            if slug in register.new_slugs:
                row.error(
                    headers["slug"],
                    _("The slug “%(slug)s” is already in row %(row)s.")
                    % {"slug": slug, "row": register.new_slugs[slug].number},
                )
                return None
            register.new_slugs[slug] = row
        return None, NAME

    @staticmethod
    def _check_once_in_file(
        row: RowOutcome, headers, office, key: tuple[str, str], register: "_Register"
    ) -> bool:
        """An office (or a new office's name within its kind) stands in one row of the file."""
        earlier = register.seen_offices.get(office.pk) if office is not None else None
        earlier = earlier or register.seen_names.get(key)
        if earlier is not None:
            row.error(headers["name"], _("This office is already in row %(row)s.") % {"row": earlier.number})
            return False
        return True

    @staticmethod
    def _check_name_free(
        row: RowOutcome, headers, office: Office, name: str, kind, register: "_Register"
    ) -> bool:
        """An office matched by its slug may be renamed only to a name no other office of its kind has."""
        holders = [other for other in register.lookup.named(name, kind=kind.code) if other.pk != office.pk]
        if holders:
            row.error(
                headers["name"],
                _("Another office (%(slug)s) is already called “%(name)s”.")
                % {"slug": holders[0].slug, "name": printed_name(name, kind.prefix)},
            )
            return False
        return True

    def _read_parent_and_accounts(
        self, row: RowOutcome, headers, office: Office, parent_text: str | None, register: "_Register"
    ) -> None:
        """The row's parent (named as every import names an office) and its channels' addresses;
        what the row will save, as its instance."""
        parent = register.by_pk.get(office.parent_id) if parent_text is None else None
        if parent_text:
            try:
                parent = register.lookup.find(parent_text)
            except ValueError as exc:
                row.error(headers["parent"], str(exc))
                return
            if parent is office or (parent.pk is not None and parent.pk == office.pk):
                row.error(headers["parent"], _("An office cannot be its parent."))
                return
        handles = {}
        for channel in self.channels:
            handle = import_text(row.values.get(f"channel:{channel.pk}"))
            if len(handle) > 300:
                row.error(headers[f"channel:{channel.pk}"], _("An address has at most 300 characters."))
            elif handle:
                handles[channel] = handle
                account = register.accounts.get((office.pk, channel.pk)) if office.pk else None
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
