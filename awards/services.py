"""Writes with business rules: publishing events and saving their places.

The admin, the importers and the tests all call these, so each rule lives once.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import (
    Criterion,
    CriterionKind,
    EvaluationEvent,
    EventStatus,
    JudgeAssignment,
    Judging,
    Ranking,
    Score,
)
from awards.selectors import event_leaderboard
from offices.models import Office


class PlacesConflict(Exception):
    """Saving places clashed with a change made at the same time; nothing was saved."""


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
                        "kind": ranking.get_office_kind_display(),
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
def ranking_save(*, ranking: Ranking, by=None) -> Ranking:
    """Validate one place against its event's other places and save it."""
    ranking.event = _lock_event(ranking.event)
    ranking.full_clean()
    _raise_problems(ranking_problems(ranking=ranking))
    ranking.save()
    return ranking


def ranking_problems(*, ranking: Ranking) -> list[PlaceProblem]:
    """The rules one place breaks against the other places of its event."""
    if ranking.office_id is not None:
        ranking.office_kind = ranking.office.kind
    others = ranking.event.rankings.select_related("office", "channel").exclude(pk=ranking.pk)
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
        ranking.delete()
    existing = [r.pk for r in changed if r.pk is not None]
    if existing:
        Ranking.objects.filter(pk__in=existing).update(is_shared=True)
    try:
        with transaction.atomic():
            for ranking in changed:
                ranking.event = event
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
        rows=[(r.pk, r) for r in event.rankings.select_related("office", "channel")],
    )
    if problems:
        raise PlacesConflict(
            _("The places could not be saved: %(reason)s Nothing was saved.")
            % {"reason": problems[0].message}
        )


@transaction.atomic
def event_publish(*, event: EvaluationEvent, by=None) -> EvaluationEvent:
    """Make an event and its places public."""
    locked = _lock_event(event)
    if locked.status != EventStatus.PUBLISHED:
        locked.status = EventStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["status", "published_at", "updated_at"])
    event.status, event.published_at = locked.status, locked.published_at
    return locked


@transaction.atomic
def event_unpublish(*, event: EvaluationEvent, by=None) -> EvaluationEvent:
    """Hide an event from the public again; it becomes a draft."""
    locked = _lock_event(event)
    if locked.status != EventStatus.DRAFT:
        locked.status = EventStatus.DRAFT
        locked.published_at = None
        locked.full_clean()
        locked.save(update_fields=["status", "published_at", "updated_at"])
    event.status, event.published_at = locked.status, locked.published_at
    return locked


# ---------------------------------------------------------------------------------------------
# Judging (issue 7). Rules that span rows (points within the criterion's maximum, no scoring
# after the lock, judges only on their assigned offices) are held here, under a lock of the
# judging row so that locking and a late score cannot pass each other.


class JudgingLocked(Exception):
    """The event's scores are locked; nothing was changed."""


def _lock_judging(event: EvaluationEvent) -> Judging:
    judging = Judging.objects.select_for_update().filter(event=event).first()
    if judging is None:
        raise ValidationError(_("This event has no judging set up yet."))
    return judging


def _refuse_if_locked(judging: Judging) -> None:
    if judging.is_locked:
        raise JudgingLocked(_("The scores of this event are locked; they can no longer be changed."))


@transaction.atomic
def criteria_copy(*, source: EvaluationEvent, target: EvaluationEvent, by=None) -> list[Criterion]:
    """Copy every criterion of one event (last year's) into another, which must have none yet."""
    if target.criteria.exists():
        raise ValidationError(_("%(event)s already has criteria; nothing was copied.") % {"event": target})
    copies = []
    for criterion in source.criteria.order_by("channel__order", "order", "pk"):
        copy = Criterion(
            event=target,
            channel_id=criterion.channel_id,
            name=criterion.name,
            description=criterion.description,
            kind=criterion.kind,
            formula=criterion.formula,
            weight=criterion.weight,
            max_points=criterion.max_points,
            order=criterion.order,
        )
        copy.full_clean()
        copies.append(copy)
    return Criterion.objects.bulk_create(copies)


def criteria_source_for(*, event: EvaluationEvent) -> EvaluationEvent | None:
    """The latest earlier event that has criteria: the set to copy into a new event."""
    return (
        EvaluationEvent.objects.filter(held_on__lt=event.held_on, criteria__isnull=False)
        .exclude(pk=event.pk)
        .order_by("-held_on")
        .distinct()
        .first()
    )


@transaction.atomic
def score_save(*, judge, criterion: Criterion, office: Office, points: Decimal, note: str = "") -> Score:
    """Save (or change) a judge's points for an office on a judged criterion of its event."""
    judging = _lock_judging(criterion.event)
    _refuse_if_locked(judging)
    assignment = JudgeAssignment.objects.filter(event=criterion.event, judge=judge, office=office).first()
    if assignment is None:
        raise PermissionDenied(_("You are not assigned to this office."))
    if assignment.has_conflict:
        raise ValidationError(_("You declared a conflict of interest for this office and abstain."))
    if criterion.kind != CriterionKind.JUDGED:
        raise ValidationError(_("This criterion is measured, not judged."))
    if not office.accounts.filter(channel_id=criterion.channel_id).exists():
        raise ValidationError(_("This office has no account on this channel."))
    score = Score.objects.filter(criterion=criterion, office=office, judge=judge).first() or Score(
        criterion=criterion, office=office, judge=judge
    )
    score.points, score.note = points, note
    score.full_clean()
    score.save()
    return score


@transaction.atomic
def judge_conflict_declare(
    *, judge, event: EvaluationEvent, office: Office, note: str = ""
) -> JudgeAssignment:
    """A judge abstains for an office: the assignment is marked and their scores for it removed."""
    judging = _lock_judging(event)
    _refuse_if_locked(judging)
    assignment = JudgeAssignment.objects.filter(event=event, judge=judge, office=office).first()
    if assignment is None:
        raise PermissionDenied(_("You are not assigned to this office."))
    assignment.has_conflict, assignment.conflict_note = True, note
    assignment.full_clean()
    assignment.save(update_fields=["has_conflict", "conflict_note", "updated_at"])
    Score.objects.filter(criterion__event=event, office=office, judge=judge).delete()
    return assignment


@transaction.atomic
def event_lock_scores(*, event: EvaluationEvent, by=None) -> Judging:
    """Lock an event's scores: judges can no longer change them. Locking twice keeps the first time."""
    judging = _lock_judging(event)
    if not judging.is_locked:
        judging.scores_locked_at = timezone.now()
        judging.full_clean()
        judging.save(update_fields=["scores_locked_at", "updated_at"])
    return judging


@transaction.atomic
def event_unlock_scores(*, event: EvaluationEvent, by=None) -> Judging:
    """Reopen scoring, as long as the places have not been finalised from the scores."""
    judging = _lock_judging(event)
    if judging.finalised_at is not None:
        raise JudgingLocked(_("The places have been finalised from these scores; they stay locked."))
    judging.scores_locked_at = None
    judging.save(update_fields=["scores_locked_at", "updated_at"])
    return judging


@transaction.atomic
def leaderboard_finalise(*, event: EvaluationEvent, by=None) -> list[Ranking]:
    """Turn the computed leaderboard into the event's places, all or nothing, and lock the scores.

    The places of every judged channel are replaced by the leaderboard's first places (up to the
    event's places per category, shared places included); channels without criteria keep their
    hand-entered places. Refused while an office still lacks a judged score.
    """
    judging = _lock_judging(event)
    board = event_leaderboard(event=event)
    incomplete = [row for category in board for row in category.rows if not row.is_complete]
    if incomplete:
        raise ValidationError(
            _("%(count)s offices still lack a judge's points on a judged criterion, e.g. %(office)s.")
            % {"count": len(incomplete), "office": incomplete[0].office}
        )
    places = event.places_per_category
    new = [
        Ranking(
            event=event,
            channel=category.channel,
            office=row.office,
            office_kind=row.office.kind,
            position=row.position,
            is_shared=row.is_shared,
            score=Decimal(str(round(row.total, 2))),
        )
        for category in board
        for row in category.rows
        if row.position <= places
    ]
    problems = places_check(places=places, rows=[(i, r) for i, r in enumerate(new)])
    _raise_problems(problems)
    channel_ids = {category.channel.pk for category in board}
    old = list(event.rankings.filter(channel_id__in=channel_ids))
    event_places_save(event=event, changed=new, deleted=old, by=by)
    now = timezone.now()
    judging.scores_locked_at = judging.scores_locked_at or now
    judging.finalised_at = now
    judging.full_clean()
    judging.save(update_fields=["scores_locked_at", "finalised_at", "updated_at"])
    return new
