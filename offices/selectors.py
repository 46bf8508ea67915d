"""Reads of offices for the public pages."""

from django.db.models import QuerySet

from offices.models import Office, OfficeKind


def office_kinds() -> QuerySet[OfficeKind]:
    """The kinds of office, in their order (for the search's choice of kind)."""
    return OfficeKind.objects.order_by("order", "name")


def office_search(
    *, text: str = "", kind: str = "", kinds: list[OfficeKind] | None = None
) -> QuerySet[Office]:
    """Every office (inactive ones too: they keep their past places), by name or short name and kind
    (its code), grouped by the kinds' order.

    An unknown kind matches nothing; the view drops it first. ``kinds`` (every kind, already read
    by the caller) spares the query for the kinds' printed words.
    """
    words = None if kinds is None else {k.code: k.prefix for k in kinds if k.prefix}
    offices = Office.objects.select_related("kind", "parent__kind").search(text, words)
    if kind:
        offices = offices.filter(kind_id=kind)
    return offices.order_by("kind__order", "kind__name", "name")
