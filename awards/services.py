"""Writes with business rules: publishing events and saving their places.

The admin, the importers and the tests all call these, so each rule lives once.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import (
    EvaluationEvent,
    EventStatus,
    Ranking,
)
from common.history import history_bulk_create
from common.models import TimeStampedModel
from common.pagecache import pages_changed


class PlacesConflict(Exception):
    """Saving places clashed with a change made at the same time; nothing was saved."""


class EditConflict(PlacesConflict):
    """The row was changed by someone else after the editor loaded it; nothing was saved."""


def edit_version(obj: TimeStampedModel) -> str:
    """The token an edit form carries to notice that someone else saved in the meantime."""
    return obj.updated_at.isoformat() if obj.updated_at else ""


def _stamp(obj, by) -> None:
    # The history records this user; without one, the request's user (history middleware).
    if by is not None:
        obj._history_user = by


def _refuse_if_changed(current: TimeStampedModel, seen_version: str | None, message: str) -> None:
    if seen_version is not None and edit_version(current) != seen_version:
        raise EditConflict(message)


def _touch_event(event: EvaluationEvent) -> None:
    # The event's timestamp moves with any change to its places, so an editor holding the event
    # page open is refused instead of overwriting them, and “last changed” is true. Only the
    # timestamp is written here; the places' own history records what changed.
    EvaluationEvent.objects.filter(pk=event.pk).update(updated_at=timezone.now())


EVENT_CHANGED = gettext_lazy(
    "This event was changed by someone else since you opened it; reload the page to see their "
    "changes. Nothing was saved."
)
PLACE_CHANGED = gettext_lazy(
    "This place was changed by someone else since you opened it; reload the page to see their "
    "changes. Nothing was saved."
)


@dataclass(frozen=True)
class PlaceProblem:
    """One rule a place breaks: which row (by its key), which field, and why."""

    key: object
    field: str
    message: str


def places_check(*, places: int, rows: Sequence[tuple[object, Ranking]]) -> list[PlaceProblem]:
    """Check the whole set of an event's places as it will stand after a save.

    ``rows`` pairs a caller's key (a form, a row number) with an unsaved or changed Ranking. The
    rules are those of the database plus the one it cannot hold (position within the event's
    places), so that every broken rule is reported on its row before anything is written.
    """
    problems: list[PlaceProblem] = []
    seen_office: dict[tuple[int, int], Ranking] = {}
    by_position: dict[tuple[int, str, int], list[tuple[object, Ranking]]] = {}
    for key, ranking in rows:
        if ranking.position is not None and ranking.position > places:
            problems.append(
                PlaceProblem(
                    key,
                    "position",
                    _("Position %(position)s is above this event's %(places)s places per category.")
                    % {"position": ranking.position, "places": places},
                )
            )
        office_key = (ranking.channel_id, ranking.office_id)
        if office_key in seen_office:
            problems.append(
                PlaceProblem(
                    key,
                    "office",
                    _("%(office)s already holds a place in %(channel)s in this event.")
                    % {"office": ranking.office, "channel": ranking.channel},
                )
            )
        else:
            seen_office[office_key] = ranking
        category_key = (ranking.channel_id, ranking.office_kind, ranking.position)
        by_position.setdefault(category_key, []).append((key, ranking))

    for holders in by_position.values():
        if len(holders) < 2 or all(r.is_shared for _key, r in holders):
            continue
        first = holders[0][1]
        for key, ranking in holders[1:]:
            problems.append(
                PlaceProblem(
                    key,
                    "position",
                    _(
                        "Position %(position)s of %(channel)s — %(kind)s is already held by "
                        "%(office)s. Tick “shared place” on every holder if it is a joint place."
                    )
                    % {
                        "position": ranking.position,
                        "channel": ranking.channel,
                        "kind": ranking.office.kind.name,
                        "office": first.office,
                    },
                )
            )
    return problems


def _lock_event(event: EvaluationEvent) -> EvaluationEvent:
    # Locking the event row serialises every write to its places and its places-per-category,
    # so the rule that spans the two rows cannot be broken by two saves at once.
    return EvaluationEvent.objects.select_for_update().get(pk=event.pk)


def _raise_problems(problems: Iterable[PlaceProblem]) -> None:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(problem.message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_save(*, event: EvaluationEvent, seen_version: str | None = None, by=None) -> EvaluationEvent:
    """Save an event's own fields; refused if someone else saved it after ``seen_version``.

    Publication is not changed here (``event_publish`` does that): the status is taken from the
    locked row, so an edit saved while someone publishes cannot turn the event back into a draft.
    """
    if event.pk is not None:
        current = _lock_event(event)
        _refuse_if_changed(current, seen_version, str(EVENT_CHANGED))
        event.status, event.published_at = current.status, current.published_at
    event.full_clean()
    _stamp(event, by)
    event.save()
    return event


@transaction.atomic
def ranking_save(*, ranking: Ranking, seen_version: str | None = None, by=None) -> Ranking:
    """Validate one place against its event's other places and save it.

    Refused if someone else saved this place after ``seen_version`` (the edit form's token).
    """
    ranking.event = _lock_event(ranking.event)
    if ranking.pk is not None:
        # The event lock serialises all writes to its places, so this read is current.
        current = Ranking.objects.filter(pk=ranking.pk).only("updated_at").first()
        if current is None:
            raise EditConflict(str(PLACE_CHANGED))
        _refuse_if_changed(current, seen_version, str(PLACE_CHANGED))
    ranking.full_clean()
    _raise_problems(ranking_problems(ranking=ranking))
    _stamp(ranking, by)
    ranking.save()
    _touch_event(ranking.event)
    return ranking


def ranking_problems(*, ranking: Ranking) -> list[PlaceProblem]:
    """The rules one place breaks against the other places of its event."""
    if ranking.office_id is not None:
        ranking.office_kind = ranking.office.kind_id
    others = ranking.event.rankings.select_related("office__kind", "channel").exclude(pk=ranking.pk)
    problems = places_check(
        places=ranking.event.places_per_category,
        rows=[(other.pk, other) for other in others.order_by("pk")] + [(None, ranking)],
    )
    return [problem for problem in problems if problem.key is None]


@transaction.atomic
def event_places_save(
    *,
    event: EvaluationEvent,
    changed: Sequence[Ranking],
    deleted: Sequence[Ranking] = (),
    by=None,
) -> None:
    """Save an event's new and changed places and delete removed ones, all or nothing.

    The caller has checked the resulting set with ``places_check``. Changed rows are saved one
    after another, so two places that swap positions would meet halfway; they are first marked
    shared (which the position constraint allows) and then saved with their final values.
    """
    event = _lock_event(event)
    for ranking in deleted:
        _stamp(ranking, by)
        ranking.delete()
    existing = [r.pk for r in changed if r.pk is not None]
    if existing:
        # Parking the rows as shared is a step inside this transaction that nobody else ever
        # sees, so it writes no history; every parked row is saved below with its final values,
        # and that save writes the history record (before: the last record, after: the new one).
        Ranking.objects.filter(pk__in=existing).update(is_shared=True)
    # The bulk update above sends no signal; the saves below do, but say it here once for all.
    pages_changed()
    try:
        with transaction.atomic():
            for ranking in changed:
                ranking.event = event
                _stamp(ranking, by)
                ranking.save()
    except IntegrityError as exc:
        raise PlacesConflict(
            _(
                "The places could not be saved because they clash with each other or with a "
                "change saved at the same time. Nothing was saved; reload the page and try again."
            )
        ) from exc
    problems = places_check(
        places=event.places_per_category,
        rows=[(r.pk, r) for r in event.rankings.select_related("office__kind", "channel")],
    )
    if problems:
        raise PlacesConflict(
            _("The places could not be saved: %(reason)s Nothing was saved.")
            % {"reason": problems[0].message}
        )
    if changed or deleted:
        _touch_event(event)


@transaction.atomic
def event_publish(*, event: EvaluationEvent, by=None) -> EvaluationEvent:
    """Make an event and its places public."""
    locked = _lock_event(event)
    if locked.status != EventStatus.PUBLISHED:
        locked.status = EventStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.full_clean()
        _stamp(locked, by)
        locked.save(update_fields=["status", "published_at", "updated_at"])
    event.status, event.published_at = locked.status, locked.published_at
    event.updated_at = locked.updated_at
    return locked


@transaction.atomic
def event_unpublish(*, event: EvaluationEvent, by=None) -> EvaluationEvent:
    """Hide an event from the public again; it becomes a draft."""
    locked = _lock_event(event)
    if locked.status != EventStatus.DRAFT:
        locked.status = EventStatus.DRAFT
        locked.published_at = None
        locked.full_clean()
        _stamp(locked, by)
        locked.save(update_fields=["status", "published_at", "updated_at"])
    event.status, event.published_at = locked.status, locked.published_at
    event.updated_at = locked.updated_at
    return locked


# Rows per INSERT of an import: small enough for SQLite's limit on query parameters on old
# versions, large enough that 5,000 places are a handful of queries.
IMPORT_BATCH_SIZE = 500


def rankings_bulk_create(rankings: Sequence[Ranking], *, by=None) -> list[Ranking]:
    """Insert new places in batches. The one bulk write of places: it skips save() and signals,
    so what must see every saved place is done here: a history record per place (made by
    ``by``), the events' “last changed” time, and fresh public pages."""
    for ranking in rankings:
        ranking.office_kind = ranking.office.kind_id
    created = history_bulk_create(
        model=Ranking, objs=rankings, by=by, reason="import", batch_size=IMPORT_BATCH_SIZE
    )
    for event in {ranking.event_id: ranking.event for ranking in rankings}.values():
        _touch_event(event)
    pages_changed()
    return created


@transaction.atomic
def rankings_import_save(*, new: Sequence[Ranking], changed: Sequence[Ranking] = (), by=None) -> None:
    """Save the places of an import, all or nothing: changed ones as the admin does, new ones in
    batches; then check each event's whole set of places again.

    The caller has checked the resulting set with ``places_check`` while holding the events' locks
    (the import's confirm step runs in this same transaction).
    """
    events: dict[int, EvaluationEvent] = {}
    for ranking in [*changed, *new]:
        events.setdefault(ranking.event_id, ranking.event)
    for event in sorted(events.values(), key=lambda e: e.pk):
        event_changed = [r for r in changed if r.event_id == event.pk]
        if event_changed:
            event_places_save(event=event, changed=event_changed, by=by)
    try:
        with transaction.atomic():
            rankings_bulk_create(new, by=by)
    except IntegrityError as exc:
        raise PlacesConflict(
            _(
                "The places could not be saved because they clash with each other or with a "
                "change saved at the same time. Nothing was saved; reload the page and try again."
            )
        ) from exc
    for event in events.values():
        if _places_may_break_rules(event):
            problems = places_check(
                places=event.places_per_category,
                rows=[(r.pk, r) for r in event.rankings.select_related("office__kind", "channel")],
            )
            if problems:
                raise PlacesConflict(
                    _("The places could not be saved: %(reason)s Nothing was saved.")
                    % {"reason": problems[0].message}
                )


def _places_may_break_rules(event: EvaluationEvent) -> bool:
    """Whether an event's saved places break a rule the database does not hold, asked in two
    small queries instead of loading every place (the unique constraints hold the others)."""
    rankings = Ranking.objects.filter(event=event)
    if rankings.filter(position__gt=event.places_per_category).exists():
        return True
    mixed = (
        rankings.order_by()
        .values("channel_id", "office_kind", "position")
        .annotate(holders=Count("pk"), unshared=Count("pk", filter=Q(is_shared=False)))
        .filter(holders__gt=1, unshared__gt=0)
    )
    return mixed.exists()
