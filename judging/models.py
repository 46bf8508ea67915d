"""How places are decided when the committee judges in the app: criteria, measured account
metrics, judges' assignments and scores. The computation that turns these into a leaderboard is
judging/scoring.py; the formulas are in docs/judging.md.

The tables keep the names they had when these models lived in awards (``db_table``): the move
(migration judging 0001) changed Django's bookkeeping only, not the data.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from awards.models import Award, EvaluationEvent
from common.models import TimeStampedModel
from offices.models import Office, OfficeAccount

# The group of judges, created by migration awards 0004; its members enter scores under /judging/.
JUDGES_GROUP = "Juri"


def format_points(value) -> str:
    """Points as people write them in the active language: 100, 87,5 (id) or 87.5 (en)."""
    value = Decimal(value)
    return number_format(
        value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    )


class Normalisation(models.TextChoices):
    NONE = "none", _("None: average the points as given")
    ZSCORE = "zscore", _("Z-score per judge")
    MINMAX = "minmax", _("Min-max per judge")


class TieBreak(models.TextChoices):
    HEAVIEST_CRITERION = "heaviest", _("Higher score on the heaviest criterion, then the next heaviest")
    JUDGED_FIRST = "judged", _("Higher total of the judged criteria")
    NONE = "none", _("None: equal totals share the place")


class Judging(TimeStampedModel):
    """How an event is judged: measurement period, normalisation, tie-break, locking."""

    event = models.OneToOneField(
        EvaluationEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="judging"
    )
    period_start = models.DateField(
        _("measurement period start"), help_text=_("First day of the period the account metrics cover.")
    )
    period_end = models.DateField(
        _("measurement period end"), help_text=_("Last day of the period the account metrics cover.")
    )
    normalisation = models.CharField(
        _("normalisation of judges' points"),
        max_length=10,
        choices=Normalisation.choices,
        default=Normalisation.NONE,
        help_text=_("Per-judge normalisation lets a harsh and a lenient judge weigh the same."),
    )
    tie_break = models.CharField(
        _("tie-break rule"),
        max_length=10,
        choices=TieBreak.choices,
        default=TieBreak.HEAVIEST_CRITERION,
        help_text=_("How equal totals are separated; what is still equal becomes a shared place."),
    )
    public_breakdown = models.BooleanField(
        _("show score breakdown to the public"),
        default=False,
        help_text=_("Once the places are finalised and the event published, show each winner's scores."),
    )
    scores_locked_at = models.DateTimeField(_("scores locked at"), null=True, blank=True, editable=False)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True, editable=False)
    # The winners' score breakdown as it was when the places were finalised (written by
    # leaderboard_finalise, shown on the public page): it always agrees with the places, whatever
    # happens to the offices afterwards. Its shape: judging.selectors.breakdown.stored_breakdown.
    breakdown = models.JSONField(_("score breakdown at finalising"), default=list, blank=True, editable=False)

    class Meta:
        db_table = "awards_judging"
        ordering = ["-event__held_on", "event__title"]
        verbose_name = _("judging")
        verbose_name_plural = _("judging")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="judging_period_in_order",
                violation_error_message=_("The period ends on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(finalised_at__isnull=True) | models.Q(scores_locked_at__isnull=False),
                name="judging_finalised_is_locked",
                violation_error_message=_("Finalised judging has its scores locked."),
            ),
        ]
        permissions = [
            (
                "manage_judging",
                _("Can see judging progress and leaderboard, lock scores and finalise places"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.event)

    @property
    def is_locked(self) -> bool:
        return self.scores_locked_at is not None

    @property
    def is_finalised(self) -> bool:
        return self.finalised_at is not None

    @property
    def period_days(self) -> int:
        return (self.period_end - self.period_start).days + 1


class CriterionKind(models.TextChoices):
    JUDGED = "judged", _("Judged (judges give points)")
    MEASURED = "measured", _("Measured (computed from account metrics)")


class Formula(models.TextChoices):
    """How a measured criterion turns account metrics into a raw value (docs/judging.md)."""

    POSTS_PER_WEEK = "posts_per_week", _("Posts (or articles) per week")
    ENGAGEMENT = "engagement", _("Engagement per post per 1,000 followers")
    FOLLOWER_GROWTH = "follower_growth", _("Follower growth in the period (%)")
    RESPONSE_RATE = "response_rate", _("Replies to the public per comment")
    FRESHNESS = "freshness", _("Website freshness: 1 / (1 + days since last update)")
    PUBLIC_INFO = "public_info", _("Required public-information pages present")


class Criterion(TimeStampedModel):
    """One thing an award is judged on, with its weight and maximum points.

    A criterion belongs to an award (its event is ``award.event``); it counts in every category of
    the award. A measured criterion reads account metrics, so it needs an award tied to a channel;
    the channel is on the award's row, which a CHECK constraint cannot read, so
    ``judging.services.criterion_save`` holds that rule (``Criterion.clean`` names it early).
    """

    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, help_text=_("What judges look at."))
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices)
    formula = models.CharField(
        _("formula"),
        max_length=20,
        choices=Formula.choices,
        blank=True,
        help_text=_(
            "Only for measured criteria, and only in an award tied to a channel: how the account "
            "metrics become points."
        ),
    )
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, help_text=_("Relative weight, e.g. 30 for 30%.")
    )
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, default=100, help_text=_("E.g. 100.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "awards_criterion"
        ordering = ["award__event_id", "award__order", "award_id", "order", "name"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                "award",
                Lower("name"),
                name="criterion_name_unique_per_award",
                violation_error_message=_("This award already has a criterion of this name."),
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0),
                name="criterion_weight_positive",
                violation_error_message=_("The weight must be more than 0."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0),
                name="criterion_max_points_positive",
                violation_error_message=_("The maximum points must be more than 0."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind=CriterionKind.JUDGED, formula="")
                | (models.Q(kind=CriterionKind.MEASURED) & ~models.Q(formula="")),
                name="criterion_formula_iff_measured",
                violation_error_message=_("A measured criterion needs a formula; a judged one has none."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} — {self.name}"

    @property
    def event(self) -> EvaluationEvent:
        return self.award.event

    @property
    def event_id(self) -> int | None:
        return self.award.event_id if self.award_id is not None else None

    @property
    def channel_id(self) -> int | None:
        return self.award.channel_id if self.award_id is not None else None

    def clean(self) -> None:
        measured_problem = criterion_measured_problem(self)
        if measured_problem:
            raise ValidationError({"kind": measured_problem})


def criterion_measured_problem(criterion: "Criterion") -> str:
    """Why a measured criterion cannot be in its award (the award has no channel), or ""."""
    if (
        criterion.kind == CriterionKind.MEASURED
        and criterion.award_id is not None
        and criterion.award.channel_id is None
    ):
        return str(
            _(
                "“%(award)s” is not tied to a channel, so it has no account metrics: a measured "
                "criterion cannot be computed. Make “%(criterion)s” a judged criterion, or tie "
                "the award to a channel."
            )
            % {"award": criterion.award.title, "criterion": criterion.name}
        )
    return ""


# The measurements of an account, in the order the admin and the import show them. The one list
# of them: the admin's form, the import's columns and the leaderboard's reads use these names.
SOCIAL_MEDIA_METRICS = ("followers_start", "followers_end", "posts", "likes", "comments", "shares", "replies")
WEBSITE_METRICS = ("days_since_update", "has_public_info_pages")
METRIC_FIELDS = SOCIAL_MEDIA_METRICS + WEBSITE_METRICS


class AccountMetrics(TimeStampedModel):
    """What an office account did in an event's measurement period."""

    event = models.ForeignKey(
        EvaluationEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="account_metrics"
    )
    account = models.ForeignKey(
        OfficeAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="metrics"
    )
    followers_start = models.PositiveIntegerField(_("followers at start"), default=0)
    followers_end = models.PositiveIntegerField(_("followers at end"), default=0)
    posts = models.PositiveIntegerField(
        _("posts in the period"), default=0, help_text=_("For a website: articles published.")
    )
    likes = models.PositiveIntegerField(_("likes"), default=0)
    comments = models.PositiveIntegerField(_("comments"), default=0)
    shares = models.PositiveIntegerField(_("shares"), default=0)
    replies = models.PositiveIntegerField(_("replies to the public"), default=0)
    days_since_update = models.PositiveIntegerField(
        _("days since last update"), null=True, blank=True, help_text=_("Websites: at the end of the period.")
    )
    has_public_info_pages = models.BooleanField(
        _("required public-information pages present"), default=False, help_text=_("Websites.")
    )

    class Meta:
        db_table = "awards_accountmetrics"
        ordering = ["event_id", "account__office__name", "account__channel__order"]
        verbose_name = _("account metrics")
        verbose_name_plural = _("account metrics")
        constraints = [
            models.UniqueConstraint(
                "event",
                "account",
                name="accountmetrics_one_per_event_and_account",
                violation_error_message=_("This account already has metrics for this event."),
            ),
        ]
        permissions = [
            ("import_accountmetrics", _("Can import account metrics")),
            ("export_accountmetrics", _("Can export account metrics")),
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.account}"


class JudgeAssignment(TimeStampedModel):
    """A judge's duty to score one office in one event, or their declared conflict of interest."""

    event = models.ForeignKey(
        EvaluationEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="judge_assignments"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.PROTECT,
        related_name="judge_assignments",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="judge_assignments"
    )
    has_conflict = models.BooleanField(
        _("conflict of interest"),
        default=False,
        help_text=_("The judge abstains for this office; their scores for it are not counted."),
    )
    conflict_note = models.CharField(_("conflict note"), max_length=300, blank=True)

    class Meta:
        db_table = "awards_judgeassignment"
        ordering = ["event_id", "judge__username", "office__name"]
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")
        constraints = [
            models.UniqueConstraint(
                "event",
                "judge",
                "office",
                name="judgeassignment_once_per_office",
                violation_error_message=_("This judge is already assigned to this office."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} — {self.office}"


class Score(TimeStampedModel):
    """The points one judge gives one office on one judged criterion."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="scores"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.PROTECT, related_name="scores"
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        db_table = "awards_score"
        ordering = ["criterion_id", "office__name", "judge_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                "criterion",
                "office",
                "judge",
                name="score_once_per_judge_criterion_office",
                violation_error_message=_("This judge already scored this office on this criterion."),
            ),
            models.CheckConstraint(
                condition=models.Q(points__gte=0),
                name="score_points_not_negative",
                violation_error_message=_("Points may not be negative."),
            ),
        ]
        # “Points at most the criterion's maximum” spans two tables (the maximum is on the
        # criterion), which a CHECK constraint cannot read; Score.clean() and score_save (which
        # locks the judging row) hold it.
        permissions = [("enter_score", _("Can enter scores as a judge"))]

    def __str__(self) -> str:
        return f"{self.judge} — {self.office} — {self.criterion}: {self.points}"

    def clean(self) -> None:
        if (
            self.criterion_id is not None
            and self.points is not None
            and self.points > self.criterion.max_points
        ):
            raise ValidationError(
                {
                    "points": _("At most %(max)s points on this criterion.")
                    % {"max": format_points(self.criterion.max_points)}
                }
            )
