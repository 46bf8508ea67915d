"""Writes with business rules for offices: saving (and renaming) an office, the register import."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from offices.models import Channel, Office, OfficeAccount, OfficeFormerName
from offices.names import name_key


@transaction.atomic
def office_save(*, office: Office, by=None, validate: bool = True) -> Office:
    """Save an office; a rename keeps the old name as a former name.

    A renamed office is the same row, so it keeps its places; its page lists the former names and
    the search and the imports still find it by them. Renamed back to a former name, that name is
    no longer a former one. A change of letter case or spacing is not a rename.
    """
    if validate:
        office.full_clean()
    if by is not None:
        office._history_user = by  # the audit trail's “changed by” (django-simple-history)
    old = None
    if office.pk is not None:
        old = Office.objects.filter(pk=office.pk).values_list("name", "kind__prefix").first()
    office.save()
    if old is None:
        return office
    old_name, old_prefix = old
    prefix = office.prefix
    new_key = name_key(office.name, prefix)
    if name_key(old_name, old_prefix) != new_key:
        former = {name_key(f.name, prefix): f for f in office.former_names.all()}
        if new_key in former:
            former[new_key].delete()
        if name_key(old_name, prefix) not in former:
            OfficeFormerName.objects.create(
                office=office, name=old_name, until_year=timezone.localdate().year
            )
    return office


@dataclass
class OfficeImportRow:
    """One office of an import with its parent (saved or from the same file) and its accounts."""

    office: Office
    parent: Office | None = None
    handles: dict[Channel, str] = field(default_factory=dict)
    # False when the file has no parent column: the office keeps the parent it has.
    set_parent: bool = True


@transaction.atomic
def offices_import_save(*, rows: Sequence[OfficeImportRow], by=None) -> None:
    """Save the offices of a checked import, all or nothing.

    Offices are saved one by one (a register has hundreds, not thousands), through save() so an
    audit trail sees each. Parents come second, as a parent may be a new office of the same file.
    Accounts named in the file are added or changed; an empty cell leaves an account alone.
    """
    for row in rows:
        row.office.full_clean(exclude=["parent", "slug"], validate_unique=False, validate_constraints=False)
        office_save(office=row.office, by=by, validate=False)
    for row in rows:
        if row.set_parent and row.office.parent_id != (row.parent.pk if row.parent else None):
            row.office.parent = row.parent
            row.office.save(update_fields=["parent", "updated_at"])
    accounts = {
        (a.office_id, a.channel_id): a
        for a in OfficeAccount.objects.filter(office__in=[row.office for row in rows])
    }
    for row in rows:
        for channel, handle in row.handles.items():
            account = accounts.get((row.office.pk, channel.pk))
            if account is None:
                account = OfficeAccount(office=row.office, channel=channel)
            if account.handle != handle:
                account.handle = handle
                account.save()
