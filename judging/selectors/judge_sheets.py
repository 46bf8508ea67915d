"""What a judge sees: the events and offices assigned to them, and the score sheet of one office."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from awards.models import EVENT_ORDER, Award, EvaluationEvent
from judging.models import (
    Criterion,
    CriterionKind,
    JudgeAssignment,
    Score,
)
from offices.models import Office, OfficeAccount


def events_for_judge(*, judge) -> QuerySet[EvaluationEvent]:
    """Events in which this user is assigned to score at least one office."""
    return (
        EvaluationEvent.objects.filter(judge_assignments__judge=judge, judging__isnull=False)
        .select_related("judging")
        .distinct()
        .order_by(*EVENT_ORDER)
    )


def judge_assignments(*, event: EvaluationEvent, judge) -> list[JudgeAssignment]:
    """A judge's offices in an event, each with how many of its judged scores they entered."""
    mine = Score.objects.filter(criterion__award__event=event, judge=judge, office=OuterRef("office"))
    return list(
        event.judge_assignments.filter(judge=judge)
        .select_related("office__kind")
        .annotate(
            entered=Coalesce(
                Subquery(mine.order_by().values("office").annotate(n=Count("pk")).values("n")[:1]), 0
            )
        )
        .order_by("office__kind__order", "office__kind__name", "office__name")
    )


@dataclass
class SheetLine:
    criterion: Criterion
    score: Score | None


@dataclass
class SheetAward:
    """The judged criteria of one award on a judge's sheet; the office's account on the award's
    channel, if the award has one."""

    award: Award
    account: OfficeAccount | None
    lines: list[SheetLine]


def judge_sheet(*, event: EvaluationEvent, judge, office: Office) -> list[SheetAward]:
    """A judge's own score sheet for one office: the judged criteria of each award the office
    takes part in (an account on the award's channel, or a category of an award without channel
    admitting its kind), with the judge's points so far. Never another judge's points."""
    accounts = {a.channel_id: a for a in office.accounts.select_related("channel")}
    criteria = list(
        Criterion.objects.filter(award__event=event, kind=CriterionKind.JUDGED)
        .filter(
            Q(award__channel_id__in=accounts)
            | Q(award__channel__isnull=True, award__categories__kinds__code=office.kind_id)
        )
        .select_related("award__channel")
        .distinct()
        .order_by("award__order", "award_id", "order", "pk")
    )
    scores = {
        s.criterion_id: s
        for s in Score.objects.filter(criterion__award__event=event, office=office, judge=judge)
    }
    sheet: list[SheetAward] = []
    for criterion in criteria:
        if not sheet or sheet[-1].award.pk != criterion.award_id:
            sheet.append(
                SheetAward(award=criterion.award, account=accounts.get(criterion.award.channel_id), lines=[])
            )
        sheet[-1].lines.append(SheetLine(criterion=criterion, score=scores.get(criterion.pk)))
    return sheet


def judge_score_rows(*, event: EvaluationEvent) -> QuerySet[Score]:
    """Every score of an event for the score-sheet export, by judge, award, office, criterion."""
    return (
        Score.objects.filter(criterion__award__event=event)
        .select_related("judge", "office__kind", "criterion__award__channel")
        .order_by("judge__username", "criterion__award__order", "office__name", "criterion__order", "pk")
    )
