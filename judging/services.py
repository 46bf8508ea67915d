"""Writes of judging with their business rules: criteria, metrics, assignments, scores, locking
and finalising. The admin, the metrics import, the judges' and the committee's pages all call these.

Rules that span rows (points within the criterion's maximum, no scoring after the lock, judges
only on their assigned offices, nothing changed after finalising) are held here, under a lock of
the judging row so that locking or finalising and a late change cannot pass each other.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import EvaluationEvent, Ranking
from awards.services import event_places_save, places_check
from judging.models import AccountMetrics, Criterion, CriterionKind, JudgeAssignment, Judging, Score
from judging.selectors import event_leaderboard, stored_breakdown
from offices.models import Office


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


def refuse_if_finalised(*, event_id: int | None, lock: bool = True) -> None:
    """The freeze after finalising: the places and the stored breakdown were computed from the
    event's judging data, which must stay as it was to explain them. Locks the judging row (in
    the caller's transaction), so a change and the finalising cannot pass each other; a form
    that only names the problem early passes ``lock=False``."""
    if event_id is None:
        return
    judgings = Judging.objects.filter(event_id=event_id).select_related("event")
    if lock:
        judgings = judgings.select_for_update(of=("self",))
    judging = judgings.first()
    if judging is not None and judging.is_finalised:
        raise ValidationError(
            {
                "event": _(
                    "The places of “%(event)s” were finalised from its judging; its judging, "
                    "criteria, account metrics and judges can no longer be changed."
                )
                % {"event": judging.event}
            }
        )


def _refuse_if_row_finalised(obj: Judging | Criterion | AccountMetrics | JudgeAssignment) -> None:
    # A changed row is checked against the event it had and the event it gets.
    refuse_if_finalised(event_id=obj.event_id)
    if obj.pk is not None:
        before = type(obj).objects.filter(pk=obj.pk).values_list("event_id", flat=True).first()
        if before is not None and before != obj.event_id:
            refuse_if_finalised(event_id=before)


@transaction.atomic
def judging_save(*, judging: Judging) -> Judging:
    """Save an event's judging settings; refused once its places are finalised."""
    _refuse_if_row_finalised(judging)
    judging.full_clean()
    judging.save()
    return judging


@transaction.atomic
def criterion_save(*, criterion: Criterion) -> Criterion:
    """Save (add or change) a criterion; refused once the event's places are finalised."""
    _refuse_if_row_finalised(criterion)
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def account_metrics_save(*, metrics: AccountMetrics) -> AccountMetrics:
    """Save an account's metrics (admin and import); refused once the event is finalised."""
    _refuse_if_row_finalised(metrics)
    metrics.full_clean()
    metrics.save()
    return metrics


@transaction.atomic
def judge_assignment_save(*, assignment: JudgeAssignment) -> JudgeAssignment:
    """Save a judge's assignment; refused once the event's places are finalised."""
    _refuse_if_row_finalised(assignment)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def judging_row_delete(*, obj: Judging | Criterion | AccountMetrics | JudgeAssignment) -> None:
    """Delete a judging, criterion, metrics or assignment row; refused once finalised."""
    _refuse_if_row_finalised(obj)
    obj.delete()


@transaction.atomic
def criteria_copy(*, source: EvaluationEvent, target: EvaluationEvent) -> list[Criterion]:
    """Copy every criterion of one event (last year's) into another, which must have none yet."""
    refuse_if_finalised(event_id=target.pk)
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
def event_lock_scores(*, event: EvaluationEvent) -> Judging:
    """Lock an event's scores: judges can no longer change them. Locking twice keeps the first time."""
    judging = _lock_judging(event)
    if not judging.is_locked:
        judging.scores_locked_at = timezone.now()
        judging.full_clean()
        judging.save(update_fields=["scores_locked_at", "updated_at"])
    return judging


@transaction.atomic
def event_unlock_scores(*, event: EvaluationEvent) -> Judging:
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
    if judging.is_finalised:
        raise ValidationError(_("The places of this event were already finalised from its judging."))
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
            office_kind=row.office.kind_id,
            position=row.position,
            is_shared=row.is_shared,
            score=Decimal(str(round(row.total, 2))),
        )
        for category in board
        for row in category.rows
        if row.position <= places
    ]
    problems = places_check(places=places, rows=list(enumerate(new)))
    if problems:
        raise ValidationError([problem.message for problem in problems])
    channel_ids = {category.channel.pk for category in board}
    old = list(event.rankings.filter(channel_id__in=channel_ids))
    event_places_save(event=event, changed=new, deleted=old, by=by)
    now = timezone.now()
    judging.scores_locked_at = judging.scores_locked_at or now
    judging.finalised_at = now
    judging.breakdown = stored_breakdown(boards=board, places=places)
    judging.full_clean()
    judging.save(update_fields=["scores_locked_at", "finalised_at", "breakdown", "updated_at"])
    return new
