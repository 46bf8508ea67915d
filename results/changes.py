"""What changed between two versions (or a version and the draft), as data, and in words."""

from django.utils.translation import gettext

from results.models import PublishedVersion, VersionPlace
from results.selectors import PrintedVersion

EVENT_FIELDS = ("title", "venue", "city", "description", "notes")


def record_entry(version: PublishedVersion) -> dict:
    """An earlier version as a later one's corrections section lists it."""
    return {
        "number": version.number,
        "status": version.status,
        "published_at": version.published_at.isoformat(),
        "appeal_deadline": version.appeal_deadline.isoformat() if version.appeal_deadline else None,
        "reason": version.reason,
        "changes": version.changes,
        "withdrawn_at": version.withdrawn_at.isoformat() if version.withdrawn_at else None,
        "withdrawn_reason": version.withdrawn_reason,
    }


def _place_key(place: VersionPlace) -> tuple:
    # One ranking per office per award (a database rule): the office and the award name a place.
    return (place.category.award.award_id, place.office_id)


def _where(place: VersionPlace) -> str:
    return f"{place.category.award.title}, {place.category.title}"


def version_changes(before: PrintedVersion | None, after: PrintedVersion) -> list[dict]:
    """What changed from ``before`` to ``after`` (printed versions, or the draft's rows not yet
    saved), as data (stored with the version)."""
    if before is None:
        return []
    changes: list[dict] = []
    old_event, new_event = before.version, after.version
    for name in EVENT_FIELDS:
        if getattr(old_event, name) != getattr(new_event, name):
            changes.append(
                {
                    "type": "event",
                    "field": name,
                    "before": getattr(old_event, name),
                    "after": getattr(new_event, name),
                }
            )
    if old_event.date_or_year != new_event.date_or_year:
        changes.append(
            {
                "type": "event",
                "field": "held_on",
                "before": old_event.date_or_year,
                "after": new_event.date_or_year,
            }
        )
    old_signatories = [f"{s.name}, {s.title}" for s in before.signatories]
    new_signatories = [f"{s.name}, {s.title}" for s in after.signatories]
    if old_signatories != new_signatories:
        changes.append(
            {"type": "signatories", "before": "; ".join(old_signatories), "after": "; ".join(new_signatories)}
        )
    old = {_place_key(p): p for p in before.places}
    new = {_place_key(p): p for p in after.places}
    for key, place in new.items():
        office = place.office_display_name
        if key not in old:
            changes.append({"type": "added", "office": office, "where": _where(place), "after": place.title})
            continue
        was = old[key]
        if (was.title, _where(was), was.office_display_name) != (place.title, _where(place), office):
            changes.append(
                {
                    "type": "changed",
                    "office": office,
                    "where": _where(place),
                    "before": f"{was.title} ({_where(was)})" if _where(was) != _where(place) else was.title,
                    "after": place.title,
                }
            )
            if was.office_display_name != office:
                changes[-1]["before_office"] = was.office_display_name
    for key, place in old.items():
        if key not in new:
            changes.append(
                {
                    "type": "removed",
                    "office": place.office_display_name,
                    "where": _where(place),
                    "before": place.title,
                }
            )
    return changes


FIELD_WORDS = {
    "title": lambda: gettext("Title"),
    "venue": lambda: gettext("Venue"),
    "city": lambda: gettext("City"),
    "description": lambda: gettext("Description"),
    "notes": lambda: gettext("Notes on the results"),
    "held_on": lambda: gettext("Date"),
}


def change_words(change: dict) -> str:
    """One change in the reader's language: “Kelurahan X: Terbaik Kedua → Terbaik Ketiga”."""
    kind = change["type"]
    if kind == "event":
        label = FIELD_WORDS.get(change["field"], lambda: change["field"])()
        return f"{label}: {change['before'] or '—'} → {change['after'] or '—'}"
    if kind == "signatories":
        return gettext("Signatories: %(before)s → %(after)s") % {
            "before": change["before"] or "—",
            "after": change["after"] or "—",
        }
    if kind == "added":
        return gettext("%(office)s added as %(after)s (%(where)s)") % change
    if kind == "removed":
        return gettext("%(office)s removed: was %(before)s (%(where)s)") % change
    words = gettext("%(office)s (%(where)s): %(before)s → %(after)s") % change
    if change.get("before_office"):
        words += " " + gettext("(formerly printed “%(name)s”)") % {"name": change["before_office"]}
    return words
