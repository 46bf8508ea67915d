"""Writes with business rules for offices: the register import."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from offices.models import Channel, Office, OfficeAccount


@dataclass
class OfficeImportRow:
    """One office of an import with its parent (saved or from the same file) and its accounts."""

    office: Office
    parent: Office | None = None
    handles: dict[Channel, str] = field(default_factory=dict)


@transaction.atomic
def offices_import_save(*, rows: Sequence[OfficeImportRow], by=None) -> None:
    """Save the offices of a checked import, all or nothing.

    Offices are saved one by one (a register has hundreds, not thousands), through save() so an
    audit trail sees each. Parents come second, as a parent may be a new office of the same file.
    Accounts named in the file are added or changed; an empty cell leaves an account alone.
    """
    for row in rows:
        row.office.full_clean(exclude=["parent", "slug"], validate_unique=False, validate_constraints=False)
        row.office.save()
    for row in rows:
        if row.office.parent_id != (row.parent.pk if row.parent else None):
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
