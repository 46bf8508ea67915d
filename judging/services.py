"""Writes of judging with their business rules: criteria, metrics, assignments, scores, locking
and finalising. The admin, the metrics import, the judges' and the committee's pages all call these.

Rules that span rows (points within the criterion's maximum, no scoring after the lock, judges
only on their assigned offices, nothing changed after finalising) are held here, under a lock of
the judging row so that locking or finalising and a late change cannot pass each other.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import EVENT_ORDER, Award, EvaluationEvent, Ranking
from awards.services import award_places_lock, award_places_unlock, event_places_check, event_places_save
from judging.models import (
    AccountMetrics,
    Criterion,
    CriterionKind,
    JudgeAssignment,
    Judging,
    Score,
    criterion_measured_problem,
)
from judging.selectors.breakdown import stored_breakdown
from judging.selectors.leaderboard import CategoryBoard, event_leaderboard, leaderboard_level
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


def refuse_if_finalised(*, event_id: int | None, lock: bool = True, field: str = "event") -> None:
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
                field: _(
                    "The places of “%(event)s” were finalised from its judging; its judging, "
                    "criteria, account metrics and judges can no longer be changed."
                )
                % {"event": judging.event}
            }
        )


def _refuse_if_row_finalised(obj: Judging | Criterion | AccountMetrics | JudgeAssignment) -> None:
    # A changed row is checked against the event it had and the event it gets (a criterion's
    # event is its award's).
    field, event_lookup = (
        ("award", "award__event_id") if isinstance(obj, Criterion) else ("event", "event_id")
    )
    refuse_if_finalised(event_id=obj.event_id, field=field)
    if obj.pk is not None:
        before = type(obj).objects.filter(pk=obj.pk).values_list(event_lookup, flat=True).first()
        if before is not None and before != obj.event_id:
            refuse_if_finalised(event_id=before, field=field)


@transaction.atomic
def judging_save(*, judging: Judging) -> Judging:
    """Save an event's judging settings; refused once its places are finalised."""
    _refuse_if_row_finalised(judging)
    judging.full_clean()
    judging.save()
    return judging


@transaction.atomic
def criterion_save(*, criterion: Criterion) -> Criterion:
    """Save (add or change) a criterion of an award; refused once the event's places are finalised.

    A measured criterion needs an award tied to a channel (its formula reads the accounts'
    metrics on that channel). The channel is on the award's row, which a CHECK constraint on the
    criterion cannot read, so the rule is held here (and named early by Criterion.clean).
    """
    _refuse_if_row_finalised(criterion)
    problem = criterion_measured_problem(criterion)
    if problem:
        raise ValidationError({"kind": problem})
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def account_metrics_save(*, metrics: AccountMetrics) -> AccountMetrics:
    """Save an account's metrics (admin and import); refused once the event is finalised, and
    for an account on a channel none of the event's awards is tied to (metrics are read only by
    the measured criteria of an award with a channel)."""
    _refuse_if_row_finalised(metrics)
    if metrics.event_id is not None and metrics.account_id is not None:
        channel = metrics.account.channel
        if not Award.objects.filter(event_id=metrics.event_id, channel=channel).exists():
            raise ValidationError(
                {
                    "account": _(
                        "No award of “%(event)s” is tied to the channel %(channel)s, so its metrics "
                        "would count nowhere; tie an award to the channel first."
                    )
                    % {"event": metrics.event, "channel": channel.name}
                }
            )
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
    """Copy every criterion of one event (last year's) into the awards of the same titles of
    another, which must have no criteria yet (copy the awards first: awards.services.event_awards_copy)."""
    refuse_if_finalised(event_id=target.pk)
    if Criterion.objects.filter(award__event=target).exists():
        raise ValidationError(_("%(event)s already has criteria; nothing was copied.") % {"event": target})
    targets = {award.title.casefold(): award for award in target.awards.select_related("event")}
    copies = []
    missing = []
    for criterion in (
        Criterion.objects.filter(award__event=source)
        .select_related("award")
        .order_by("award__order", "award_id", "order", "pk")
    ):
        award = targets.get(criterion.award.title.casefold())
        if award is None:
            if criterion.award.title not in missing:
                missing.append(criterion.award.title)
            continue
        copy = Criterion(
            award=award,
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
    if missing:
        raise ValidationError(
            _("%(event)s has no award titled %(awards)s; copy the awards first. Nothing was copied.")
            % {"event": target, "awards": ", ".join(f"“{title}”" for title in missing)}
        )
    return Criterion.objects.bulk_create(copies)


def criteria_source_for(*, event: EvaluationEvent) -> EvaluationEvent | None:
    """The latest earlier event that has criteria: the set to copy into a new event."""
    earlier = Q(year__lt=event.year)
    if event.held_on is not None:
        earlier |= Q(year=event.year, held_on__lt=event.held_on)
    return (
        EvaluationEvent.objects.filter(earlier, awards__criteria__isnull=False)
        .exclude(pk=event.pk)
        .order_by(*EVENT_ORDER)
        .distinct()
        .first()
    )


@transaction.atomic
def score_save(*, judge, criterion: Criterion, office: Office, points: Decimal, note: str = "") -> Score:
    """Save (or change) a judge's points for an office on a judged criterion of its event."""
    award = criterion.award
    judging = _lock_judging(award.event)
    _refuse_if_locked(judging)
    assignment = JudgeAssignment.objects.filter(event_id=award.event_id, judge=judge, office=office).first()
    if assignment is None:
        raise PermissionDenied(_("You are not assigned to this office."))
    if assignment.has_conflict:
        raise ValidationError(_("You declared a conflict of interest for this office and abstain."))
    if criterion.kind != CriterionKind.JUDGED:
        raise ValidationError(_("This criterion is measured, not judged."))
    if award.channel_id is not None:
        if not office.accounts.filter(channel_id=award.channel_id).exists():
            raise ValidationError(_("This office has no account on this channel."))
    elif not award.categories.filter(kinds__code=office.kind_id).exists():
        raise ValidationError(
            _("No category of “%(award)s” admits offices of kind %(kind)s.")
            % {"award": award.title, "kind": office.kind.name}
        )
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
    Score.objects.filter(criterion__award__event=event, office=office, judge=judge).delete()
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


def finalised_rankings(board: list[CategoryBoard]) -> list[Ranking]:
    """The places and honourable mentions a leaderboard gives, per category: the rows ranked
    1..category.places are places, the rows after them honourable mentions 1..category.mentions
    (``leaderboard_level``); rows still tied after the tie-break share their place."""
    new = []
    for category_board in board:
        category = category_board.category
        for row in category_board.rows:
            level, position = leaderboard_level(row.position, category)
            if level is None:
                continue
            new.append(
                Ranking(
                    category=category,
                    award=category.award,
                    office=row.office,
                    level=level,
                    position=position,
                    is_shared=row.is_shared,
                    score=Decimal(str(round(row.total, 2))),
                )
            )
    return new


@transaction.atomic
def leaderboard_finalise(*, event: EvaluationEvent, by=None) -> list[Ranking]:
    """Turn the computed leaderboard into the event's places, all or nothing, and lock the scores.

    The places and honourable mentions of every judged award (an award with criteria) are
    replaced by its categories' leaderboards: places 1..category.places, then honourable mentions
    1..category.mentions, shared where the scores tie. Awards without criteria keep their
    hand-entered places. Refused while an office still lacks a judged score, or when the result
    breaks a rule of places (awards.rules; e.g. an office ranked in two categories of one award).
    The event's row is locked first (as every write of places does), then the judging row.
    The places of the judged awards are then locked (awards.services.award_places_lock).
    """
    event = EvaluationEvent.objects.select_for_update().get(pk=event.pk)
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
    new = finalised_rankings(board)
    problems = event_places_check(event, list(enumerate(new)))
    if problems:
        raise ValidationError([problem.message for problem in problems])
    judged_awards = set(Criterion.objects.filter(award__event=event).values_list("award_id", flat=True))
    old = list(Ranking.objects.filter(award_id__in=judged_awards))
    event_places_save(event=event, changed=new, deleted=old, by=by)
    # From here the places of the judged awards are awards' to guard: no path changes them until
    # the committee reopens the leaderboard (leaderboard_reopen).
    award_places_lock(awards=Award.objects.filter(pk__in=judged_awards), by=by)
    now = timezone.now()
    judging.scores_locked_at = judging.scores_locked_at or now
    judging.finalised_at = now
    judging.breakdown = stored_breakdown(boards=board)
    judging.full_clean()
    judging.save(update_fields=["scores_locked_at", "finalised_at", "breakdown", "updated_at"])
    return new


@transaction.atomic
def leaderboard_reopen(*, event: EvaluationEvent, by=None, reason: str) -> Judging:
    """Undo finalising so that the committee can finalise again: the lock on the judged awards'
    places is lifted through awards (recording who, when and why), and the judging is no longer
    finalised (its criteria, metrics and judges may change again; the scores stay locked until
    scoring is reopened). The stored breakdown goes with it: it explained the places as they were
    finalised, and the next finalising stores its own. A published version keeps its own copy."""
    event = EvaluationEvent.objects.select_for_update().get(pk=event.pk)
    judging = _lock_judging(event)
    if not judging.is_finalised:
        raise ValidationError(_("The places of this event have not been finalised from its judging."))
    award_places_unlock(
        awards=Award.objects.filter(event=event, places_lock__isnull=False), by=by, reason=reason
    )
    judging.finalised_at = None
    judging.breakdown = []
    judging.full_clean()
    judging.save(update_fields=["finalised_at", "breakdown", "updated_at"])
    return judging
