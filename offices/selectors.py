"""Reads of offices for the public pages."""

from django.db.models import QuerySet

from offices.models import Office, OfficeKind


def office_search(*, text: str = "", kind: str = "") -> QuerySet[Office]:
    """Every office (inactive ones too: they keep their past places), by name or short name and kind.

    An unknown kind is ignored rather than matching nothing.
    """
    offices = Office.objects.select_related("parent").search(text)
    if kind in OfficeKind.values:
        offices = offices.filter(kind=kind)
    return offices.order_by(OfficeKind.order_by(), "name")
