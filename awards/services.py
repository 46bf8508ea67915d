"""Writes with business rules: the committee's draft (events, awards, categories, places).

The admin, the importers and the tests all call these, so each rule lives once.
"""

from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import (
    Award,
    Category,
    EvaluationEvent,
    Ranking,
)
from awards.rules import PlaceProblem, category_kind_codes, places_check
from common.history import history_bulk_create
from common.models import TimeStampedModel
from common.pagecache import pages_changed
from offices.models import OfficeKind


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


ADDRESS_IS_PERMANENT = gettext_lazy(
    "This event has been published: its address is printed on certificates and shared, so it "
    "cannot change. Correct the title instead; the address stays."
)


def _lock_event(event: EvaluationEvent) -> EvaluationEvent:
    # Locking the event row serialises every write to its awards, categories and places, so the
    # rules that span rows (awards.rules) cannot be broken by two saves at once.
    return EvaluationEvent.objects.select_for_update().get(pk=event.pk)


def event_lock(*, event: EvaluationEvent) -> EvaluationEvent:
    """The event's row, locked until the transaction ends: publishing (results.services) freezes
    the places under the same lock as every write to them, so it never freezes half an edit."""
    return _lock_event(event)


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
        if event.slug != current.slug and current.published_at is not None:
            # A published event's address, its versions' and its open-data files' are printed
            # on certificates and shared: they are permanent, withdrawn or not.
            raise ValidationError({"slug": str(ADDRESS_IS_PERMANENT)})
    event.full_clean()
    _stamp(event, by)
    event.save()
    return event


def event_rankings(event: EvaluationEvent):
    """Every place of an event, with what the rules and the words of a place read."""
    return Ranking.objects.filter(award__event=event).select_related("category__award__event", "office__kind")


def _event_categories(event: EvaluationEvent) -> dict[int, Category]:
    return {
        category.pk: category
        for category in Category.objects.filter(award__event=event).select_related("award__event")
    }


def event_places_check(
    event: EvaluationEvent,
    rows: Sequence[tuple[object, Ranking]],
    *,
    categories: Mapping[int, Category] | None = None,
    kind_codes: Mapping[int, set[str]] | None = None,
) -> list[PlaceProblem]:
    """``places_check`` for rows of one event (its categories and their kinds read here: two
    queries). The editor's forms and the import call it on the set as it will stand.

    A caller that has read the event's categories (with their awards) and ``category_kind_codes``
    under the event's lock, as the import does, passes them instead of having them read again.
    """
    if categories is None:
        categories = _event_categories(event)
        kind_codes = None
    for _key, ranking in rows:
        if ranking.category_id in categories:
            ranking.category = categories[ranking.category_id]
    if kind_codes is None:
        kind_codes = category_kind_codes(categories.values())
    return places_check(rows, categories=categories, kind_codes=kind_codes)


@transaction.atomic
def award_save(*, award: Award, by=None) -> Award:
    """Save an award of an event (its title, channel and order)."""
    award.event = _lock_event(award.event)
    award.full_clean()
    _stamp(award, by)
    award.save()
    _touch_event(award.event)
    return award


@transaction.atomic
def category_save(*, category: Category, kinds: Iterable[OfficeKind] | None = None, by=None) -> Category:
    """Save a category and the office kinds it admits; refused, with nothing saved, if a place it
    already gives would then break a rule (a position above the new number of places, an office
    of a kind no longer admitted)."""
    event = _lock_event(category.award.event)
    category.award.event = event
    category.full_clean()
    _stamp(category, by)
    category.save()
    if kinds is not None:
        category.kinds.set(kinds)
    problems = event_places_check(
        event, [(r.pk, r) for r in event_rankings(event).filter(category=category).order_by("pk")]
    )
    _raise_problems(problems)
    _touch_event(event)
    return category


@transaction.atomic
def event_awards_copy(*, source: EvaluationEvent, target: EvaluationEvent, by=None) -> list[Award]:
    """Give ``target`` the awards and categories of ``source`` (titles, channels, kinds, numbers
    of places and mentions), without their places. Awards whose title ``target`` already has are
    left as they are."""
    target = _lock_event(target)
    have = {title.casefold() for title in target.awards.values_list("title", flat=True)}
    copied: list[Award] = []
    for award in source.awards.prefetch_related("categories__kinds").order_by("order", "pk"):
        if award.title.casefold() in have:
            continue
        new = Award(event=target, title=award.title, channel_id=award.channel_id, order=award.order)
        new.full_clean()
        _stamp(new, by)
        new.save()
        for category in award.categories.all():
            copy = Category(
                award=new,
                title=category.title,
                places=category.places,
                mentions=category.mentions,
                order=category.order,
            )
            copy.full_clean()
            _stamp(copy, by)
            copy.save()
            copy.kinds.set(category.kinds.all())
        copied.append(new)
    if copied:
        _touch_event(target)
    return copied


@transaction.atomic
def ranking_save(*, ranking: Ranking, seen_version: str | None = None, by=None) -> Ranking:
    """Validate one place against the rules and its event's other places, and save it.

    Refused if someone else saved this place after ``seen_version`` (the edit form's token).
    """
    event = _lock_event(ranking.category.award.event)
    if ranking.pk is not None:
        # The event lock serialises all writes to its places, so this read is current.
        current = Ranking.objects.filter(pk=ranking.pk).only("updated_at").first()
        if current is None:
            raise EditConflict(str(PLACE_CHANGED))
        _refuse_if_changed(current, seen_version, str(PLACE_CHANGED))
    # The rules first: they name the office, award and category, where the database's
    # constraints (checked next, for what the rules do not see) can only say “this award”.
    ranking.full_clean(validate_constraints=False)
    _raise_problems(ranking_problems(ranking=ranking, event=event))
    ranking.validate_constraints()
    _stamp(ranking, by)
    ranking.save()
    _touch_event(event)
    return ranking


def ranking_problems(*, ranking: Ranking, event: EvaluationEvent | None = None) -> list[PlaceProblem]:
    """The rules one place breaks against its category and the other places of its award."""
    event = event or ranking.category.award.event
    others = event_rankings(event).filter(award_id=ranking.category.award_id).exclude(pk=ranking.pk)
    problems = event_places_check(
        event, [(other.pk, other) for other in others.order_by("pk")] + [(None, ranking)]
    )
    return [problem for problem in problems if problem.key is None]


def _raise_saved_problems(event: EvaluationEvent) -> None:
    """Run the place rules (awards.rules, as the forms and the import ran them before writing) on
    the event's places as they stand after a write, under its lock: three queries (the places
    with their offices, the categories, the kinds they admit) whatever the number of places."""
    # event_places_check gives each place its category (with its award and event) from its own
    # read of the categories, so the places are read with their offices only.
    saved = Ranking.objects.filter(award__event=event).select_related("office__kind").order_by("pk")
    problems = event_places_check(event, [(r.pk, r) for r in saved])
    if problems:
        raise PlacesConflict(
            _("The places could not be saved: %(reason)s Nothing was saved.")
            % {"reason": problems[0].message}
        )


@transaction.atomic
def event_places_save(
    *,
    event: EvaluationEvent,
    changed: Sequence[Ranking],
    deleted: Sequence[Ranking] = (),
    by=None,
) -> None:
    """Save an event's new and changed places and delete removed ones, all or nothing.

    The caller has checked the resulting set with ``event_places_check``. Changed rows are saved
    one after another, so two places that swap positions would meet halfway; they are first
    marked shared (which the position constraint allows) and then saved with their final values.
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
                _stamp(ranking, by)
                ranking.save()
    except IntegrityError as exc:
        raise PlacesConflict(CLASH) from exc
    _raise_saved_problems(event)
    if changed or deleted:
        _touch_event(event)


CLASH = gettext_lazy(
    "The places could not be saved because they clash with each other or with a change saved at "
    "the same time. Nothing was saved; reload the page and try again."
)


# Rows per INSERT of an import: small enough for SQLite's limit on query parameters on old
# versions, large enough that 5,000 places are a handful of queries.
IMPORT_BATCH_SIZE = 500


def rankings_bulk_create(rankings: Sequence[Ranking], *, by=None) -> list[Ranking]:
    """Insert new places in batches. The one bulk write of places: it skips save() and signals,
    so what must see every saved place is done here: a history record per place (made by
    ``by``), the events' “last changed” time, and fresh public pages."""
    for ranking in rankings:
        ranking.copy_award()
    created = history_bulk_create(
        model=Ranking, objs=rankings, by=by, reason="import", batch_size=IMPORT_BATCH_SIZE
    )
    events = {ranking.category.award.event_id: ranking.category.award.event for ranking in rankings}
    for event in events.values():
        _touch_event(event)
    pages_changed()
    return created


@transaction.atomic
def rankings_import_save(*, new: Sequence[Ranking], changed: Sequence[Ranking] = (), by=None) -> None:
    """Save the places of an import, all or nothing: changed ones as the admin does, new ones in
    batches; then check each event's saved places against the rules the database cannot hold.

    The caller has checked the resulting set with ``event_places_check`` while holding the
    events' locks (the import's confirm step runs in this same transaction).
    """
    events: dict[int, EvaluationEvent] = {}
    for ranking in [*changed, *new]:
        event = ranking.category.award.event
        events.setdefault(event.pk, event)
    for event in sorted(events.values(), key=lambda e: e.pk):
        event_changed = [r for r in changed if r.category.award.event_id == event.pk]
        if event_changed:
            event_places_save(event=event, changed=event_changed, by=by)
    try:
        with transaction.atomic():
            rankings_bulk_create(new, by=by)
    except IntegrityError as exc:
        raise PlacesConflict(CLASH) from exc
    for event in events.values():
        _raise_saved_problems(event)


# Removing a place, a category or an award breaks no place rule, so these only take the event's
# lock (a removal waits for a save of the same event in progress) and move its "last changed".


def _lock_event_of_award(award_id: int) -> EvaluationEvent:
    return EvaluationEvent.objects.select_for_update(of=("self",)).get(awards=award_id)


@transaction.atomic
def ranking_delete(*, ranking: Ranking, by=None) -> None:
    """Remove a place of an event's draft."""
    event = _lock_event_of_award(ranking.award_id)
    _stamp(ranking, by)
    ranking.delete()
    _touch_event(event)


@transaction.atomic
def category_delete(*, category: Category, by=None) -> None:
    """Remove a category of an award, with its places."""
    event = _lock_event_of_award(category.award_id)
    _stamp(category, by)
    category.delete()
    _touch_event(event)


@transaction.atomic
def award_delete(*, award: Award, by=None) -> None:
    """Remove an award of an event, with its categories and places."""
    event = _lock_event_of_award(award.pk)
    _stamp(award, by)
    award.delete()
    _touch_event(event)
