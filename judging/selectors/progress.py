"""The committee's lists while judging runs: each judge's progress per award, and which offices
each award covers."""

from dataclasses import dataclass

from django.db.models import Count

from awards.models import Award, Category, EvaluationEvent
from judging.models import (
    AccountMetrics,
    Criterion,
    CriterionKind,
)
from judging.selectors.leaderboard import counted_scores
from offices.models import Channel, Office, OfficeAccount


@dataclass
class ProgressLine:
    judge: object
    award: Award
    entered: int
    expected: int

    @property
    def is_done(self) -> bool:
        return self.entered >= self.expected


def _takes_part(
    office: Office, award: Award, channels_of: dict[int, set[int]], kinds_of: dict[int, set[str]]
) -> bool:
    if award.channel_id is not None:
        return award.channel_id in channels_of.get(office.pk, set())
    return office.kind_id in kinds_of.get(award.pk, set())


def judging_progress(*, event: EvaluationEvent) -> list[ProgressLine]:
    """Scores entered per judge and judged award, against the scores expected from the
    assignments (an assigned office takes part in an award through its account on the award's
    channel, or, for an award without one, through a category admitting its kind)."""
    judged = list(
        Criterion.objects.filter(award__event=event, kind=CriterionKind.JUDGED)
        .select_related("award")
        .order_by("award__order", "award_id")
    )
    per_award: dict[int, int] = {}
    awards: dict[int, Award] = {}
    for criterion in judged:
        per_award[criterion.award_id] = per_award.get(criterion.award_id, 0) + 1
        awards[criterion.award_id] = criterion.award
    assignments = list(
        event.judge_assignments.filter(has_conflict=False)
        .select_related("judge", "office__kind")
        .order_by("judge__username")
    )
    channels_of: dict[int, set[int]] = {}
    channel_ids = {a.channel_id for a in awards.values() if a.channel_id is not None}
    for office_id, channel_id in OfficeAccount.objects.filter(
        office__judge_assignments__event=event, channel_id__in=channel_ids
    ).values_list("office_id", "channel_id"):
        channels_of.setdefault(office_id, set()).add(channel_id)
    kinds_of: dict[int, set[str]] = {}
    for award_id, code in Category.kinds.through.objects.filter(category__award_id__in=awards).values_list(
        "category__award_id", "officekind__code"
    ):
        kinds_of.setdefault(award_id, set()).add(code)
    entered = {
        (row["judge_id"], row["criterion__award_id"]): row["n"]
        for row in counted_scores(event)
        .filter(criterion__kind=CriterionKind.JUDGED)
        .values("judge_id", "criterion__award_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    expected: dict[tuple[int, int], int] = {}
    judges: dict[int, object] = {}
    for a in assignments:
        judges[a.judge_id] = a.judge
        for award_id, award in awards.items():
            if _takes_part(a.office, award, channels_of, kinds_of):
                key = (a.judge_id, award_id)
                expected[key] = expected.get(key, 0) + per_award[award_id]
    award_order = list(awards)
    return [
        ProgressLine(judge=judges[j], award=awards[w], entered=entered.get((j, w), 0), expected=n)
        for (j, w), n in sorted(
            expected.items(), key=lambda item: (judges[item[0][0]].username, award_order.index(item[0][1]))
        )
    ]


@dataclass
class Coverage:
    award: Award
    channel: Channel
    without_account: list[Office]
    without_metrics: list[OfficeAccount]
    without_posts: list[OfficeAccount]


def _kinds_in_order(kinds) -> dict[str, str]:
    """The names of these office kinds by code, in the kinds' order (no query: rows are loaded)."""
    found = {kind.code: kind for kind in kinds}
    return {code: kind.name for code, kind in sorted(found.items(), key=lambda i: (i[1].order, i[1].name))}


def judging_coverage(*, event: EvaluationEvent) -> list[Coverage]:
    """Per judged award tied to a channel: active offices with no account there, accounts with
    no metrics recorded, and accounts with no post in the period. Four queries: awards, offices,
    accounts, metrics."""
    awards = list(
        Award.objects.filter(event=event, channel__isnull=False, criteria__isnull=False)
        .select_related("channel")
        .distinct()
        .order_by("order", "pk")
    )
    offices = list(
        Office.objects.active().select_related("kind").order_by("kind__order", "kind__name", "name")
    )
    accounts = list(
        OfficeAccount.objects.filter(channel_id__in={a.channel_id for a in awards}, office__is_active=True)
        .select_related("office__kind", "channel")
        .order_by("office__kind__order", "office__kind__name", "office__name")
    )
    posts = dict(AccountMetrics.objects.filter(event=event).values_list("account_id", "posts"))
    result = []
    for award in awards:
        mine = [a for a in accounts if a.channel_id == award.channel_id]
        with_account = {a.office_id for a in mine}
        result.append(
            Coverage(
                award=award,
                channel=award.channel,
                without_account=[o for o in offices if o.pk not in with_account],
                without_metrics=[a for a in mine if a.pk not in posts],
                without_posts=[a for a in mine if posts.get(a.pk) == 0],
            )
        )
    return result
