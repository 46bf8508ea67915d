"""Writes with business rules: the committee's draft (events, awards, categories, places).

The admin, the importers and the tests all call these, so each rule lives once.
"""

from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import (
    Award,
    Category,
    EvaluationEvent,
    PlacesLock,
    PlacesLockAction,
    PlacesLockRecord,
    Ranking,
)
from awards.rules import PlaceProblem, category_kind_codes, places_check
from common.history import history_bulk_create
from common.models import TimeStampedModel
from common.pagecache import pages_changed
from offices.models import Office, OfficeKind
from offices.services import office_save


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
    if award.pk is not None and Award.objects.filter(pk=award.pk).exclude(event=award.event).exists():
        _refuse_if_places_locked(award.pk)
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
    _refuse_if_places_locked(category.award_id, _saved_award_id(Category, category))
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
        current = Ranking.objects.filter(pk=ranking.pk).only("updated_at", "award_id").first()
        if current is None:
            raise EditConflict(str(PLACE_CHANGED))
        _refuse_if_changed(current, seen_version, str(PLACE_CHANGED))
    _refuse_if_places_locked(ranking.category.award_id, current.award_id if ranking.pk else None)
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
    new_offices: Sequence[Office] = (),
    by=None,
) -> None:
    """Save an event's new and changed places and delete removed ones, all or nothing.

    ``new_offices`` are offices the places name that do not exist yet (a name written in a place's
    row, a pasted ranking): made first, through offices.services.office_save, in this same
    transaction, so a refused place leaves no office behind.

    The caller has checked the resulting set with ``event_places_check``. Changed rows are saved
    one after another, so two places that swap positions would meet halfway; they are first
    marked shared (which the position constraint allows) and then saved with their final values.
    """
    event = _lock_event(event)
    _refuse_if_places_locked(*_award_ids_touched(changed, deleted))
    for office in new_offices:
        office_save(office=office, by=by)
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
    # The caller holds the events' locks (the import's confirm step).
    _refuse_if_places_locked(*{ranking.award_id for ranking in rankings})
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
    _refuse_if_places_locked(ranking.award_id)
    _stamp(ranking, by)
    ranking.delete()
    _touch_event(event)


@transaction.atomic
def category_delete(*, category: Category, by=None) -> None:
    """Remove a category of an award, with its places."""
    event = _lock_event_of_award(category.award_id)
    _refuse_if_places_locked(category.award_id)
    _stamp(category, by)
    category.delete()
    _touch_event(event)


@transaction.atomic
def award_delete(*, award: Award, by=None) -> None:
    """Remove an award of an event, with its categories and places."""
    event = _lock_event_of_award(award.pk)
    _refuse_if_places_locked(award.pk)
    _stamp(award, by)
    award.delete()
    _touch_event(event)


# Finalised places. Judging finalises an award's places from its leaderboard and then locks them
# here; from then on every write above that adds, changes, moves or removes a place of the award,
# or changes its categories, is refused under the event's lock (so a save and the finalising
# cannot pass each other). Only judging lifts the lock, with a reason, through
# ``award_places_unlock``. Awards cannot ask judging whether an event is finalised (the arrows
# run judging -> awards), so the lock is awards' own row.


class PlacesLocked(ValidationError):
    """A write would change places finalised from the judging; nothing was changed."""


PLACES_LOCKED = gettext_lazy(
    "The places of “%(award)s” were finalised from the judging on %(when)s and can no longer be "
    "changed. To change them, reopen the leaderboard on the judging committee page, giving a reason."
)


def places_locked_message(lock: PlacesLock) -> str:
    """Why a write to the places of a locked award is refused, and how to reopen them."""
    when = date_format(timezone.localtime(lock.locked_at), "j F Y H.i T")
    return str(PLACES_LOCKED) % {"award": lock.award.title, "when": when}


def places_locks(award_ids: Iterable[int | None]) -> dict[int, PlacesLock]:
    """The locks standing on these awards, by award; one query."""
    ids = sorted({pk for pk in award_ids if pk is not None})
    if not ids:
        return {}
    return {
        lock.award_id: lock for lock in PlacesLock.objects.filter(award_id__in=ids).select_related("award")
    }


def _refuse_if_places_locked(*award_ids: int | None) -> None:
    # Called under the event's lock, which award_places_lock takes too: a lock set after this
    # read waits for the write to commit, and the finalising then sees what it wrote.
    locks = places_locks(award_ids)
    if locks:
        raise PlacesLocked(places_locked_message(locks[min(locks)]))


def _saved_award_id(model, obj) -> int | None:
    # The award a row had before this change: a row moved out of a locked award changes it too.
    if obj.pk is None:
        return None
    return model.objects.filter(pk=obj.pk).values_list("award_id", flat=True).first()


def _award_ids_touched(changed: Sequence[Ranking], deleted: Sequence[Ranking]) -> set[int]:
    ids = {ranking.category.award_id for ranking in changed}
    ids |= {ranking.award_id for ranking in deleted}
    existing = [ranking.pk for ranking in changed if ranking.pk is not None]
    if existing:
        ids |= set(Ranking.objects.filter(pk__in=existing).values_list("award_id", flat=True))
    return ids


def _by_name(by) -> str:
    # The name at the time, kept on the record when the account is later removed.
    return "" if by is None else (by.get_full_name() or by.get_username())


def _lock_events_of(awards: Sequence[Award]) -> None:
    for event_id in sorted({award.event_id for award in awards}):
        EvaluationEvent.objects.select_for_update(of=("self",)).get(pk=event_id)


@transaction.atomic
def award_places_lock(*, awards: Iterable[Award], by=None, reason: str = "") -> list[PlacesLock]:
    """Lock the places of these awards, as finalised from the judging (judging calls this, and
    only judging). An award already locked keeps its first lock."""
    awards = sorted(awards, key=lambda award: award.pk)
    _lock_events_of(awards)
    now = timezone.now()
    standing = places_locks(award.pk for award in awards)
    by_user = by if by is not None and by.pk else None
    locks = []
    for award in awards:
        if award.pk in standing:
            locks.append(standing[award.pk])
            continue
        lock = PlacesLock(award=award, locked_at=now, locked_by=by_user, locked_by_name=_by_name(by))
        lock.full_clean()
        lock.save()
        _places_lock_record(award=award, action=PlacesLockAction.LOCKED, at=now, by=by, reason=reason)
        locks.append(lock)
    return locks


@transaction.atomic
def award_places_unlock(*, awards: Iterable[Award], by=None, reason: str) -> list[PlacesLockRecord]:
    """Lift the lock on the places of these awards (judging calls this when the committee reopens
    its leaderboard), recording who lifted it, when and why. The reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the finalised places are reopened: the reason is kept.")})
    awards = sorted(awards, key=lambda award: award.pk)
    _lock_events_of(awards)
    now = timezone.now()
    standing = places_locks(award.pk for award in awards)
    records = []
    for award in awards:
        if award.pk not in standing:
            continue
        standing[award.pk].delete()
        records.append(
            _places_lock_record(award=award, action=PlacesLockAction.LIFTED, at=now, by=by, reason=reason)
        )
    return records


def _places_lock_record(*, award: Award, action: str, at, by, reason: str) -> PlacesLockRecord:
    record = PlacesLockRecord(
        award=award,
        event_id=award.event_id,
        award_title=award.title,
        action=action,
        at=at,
        by=by if by is not None and by.pk else None,
        by_name=_by_name(by),
        reason=reason,
    )
    record.full_clean()
    record.save()
    return record
