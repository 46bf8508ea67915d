"""What is judged: evaluation events and the places they give."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.certificates.words import position_in_words
from common.models import TimeStampedModel
from offices.models import Channel, Office, OfficeAccount, OfficeKind

# The group of committee members, created with its permissions by migration 0002.
COMMITTEE_GROUP = "Komite"


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class EvaluationEventQuerySet(models.QuerySet):
    def published(self) -> "EvaluationEventQuerySet":
        return self.filter(status=EventStatus.PUBLISHED)

    def visible_to(self, user) -> "EvaluationEventQuerySet":
        """Published events for the public; drafts too for those who may edit events."""
        if (
            user is not None
            and user.is_active
            and user.is_staff
            and user.has_perm("awards.view_evaluationevent")
        ):
            return self.all()
        return self.published()


class EvaluationEvent(TimeStampedModel):
    """One evaluation round, such as the 2021 Banjarmasin smart-city media awards."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        help_text=_("Used in the event's web address and file names; letters, digits and hyphens."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000)], help_text=_("The year that was evaluated.")
    )
    held_on = models.DateField(_("date held"), help_text=_("The day the awards were handed over."))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(
        _("notes on the results"),
        blank=True,
        help_text=_(
            "What the results cannot say in a place, e.g. a winner whose name the report does not "
            "give. Shown with the results; never invent a name."
        ),
    )
    places_per_category = models.PositiveSmallIntegerField(
        _("places per category"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("How many places each category awards (3: first, second, third)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    objects = EvaluationEventQuerySet.as_manager()

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(places_per_category__gte=1),
                name="evaluationevent_places_at_least_1",
                violation_error_message=_("An event awards at least one place per category."),
            ),
            models.CheckConstraint(
                condition=models.Q(status=EventStatus.DRAFT)
                | models.Q(status=EventStatus.PUBLISHED, published_at__isnull=False),
                name="evaluationevent_published_has_date",
                violation_error_message=_("A published event needs its publication time."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000),
                name="evaluationevent_year_plausible",
                violation_error_message=_("The year must be 2000 or later."),
            ),
        ]
        permissions = [
            ("publish_evaluationevent", _("Can publish and unpublish evaluation events")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:event-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED


class Signatory(TimeStampedModel):
    """A person who hands over the awards and signs the certificates of an event."""

    event = models.ForeignKey(
        EvaluationEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("job title"), max_length=160, help_text=_("E.g. “Walikota Banjarmasin”."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = ["event_id", "order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return f"{self.name} ({self.title})"


class RankingQuerySet(models.QuerySet):
    def in_display_order(self) -> "RankingQuerySet":
        return self.order_by(
            "channel__order", "channel__name", OfficeKind.order_by("office_kind"), "position", "office__name"
        )


class Ranking(TimeStampedModel):
    """One place given in one event: an office's position in a category (event, channel, kind)."""

    event = models.ForeignKey(
        EvaluationEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="rankings"
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="rankings"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="rankings"
    )
    # A copy of office.kind: the category (event, channel, kind) must live on this row for the
    # database to keep positions unique within it. It is set from the office on every save.
    office_kind = models.CharField(
        _("office kind"), max_length=20, choices=OfficeKind.choices, editable=False
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        validators=[MinValueValidator(1)],
        help_text=_("1 is the best place."),
    )
    is_shared = models.BooleanField(
        _("shared place"),
        default=False,
        help_text=_("Joint winners: tick on every office that holds this same place."),
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    citation = models.CharField(_("citation"), max_length=300, blank=True)

    objects = RankingQuerySet.as_manager()

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "channel__order", "office_kind", "position", "office__name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                "event",
                "channel",
                "office",
                name="ranking_one_place_per_office_and_channel",
                violation_error_message=_("This office already holds a place in this channel."),
            ),
            models.UniqueConstraint(
                "event",
                "channel",
                "office_kind",
                "position",
                condition=models.Q(is_shared=False),
                name="ranking_position_unique_in_category",
                violation_error_message=_(
                    "This position is already taken in this category. Tick “shared place” on "
                    "every holder if it is a joint place."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1),
                name="ranking_position_at_least_1",
                violation_error_message=_("The position must be 1 or more."),
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0),
                name="ranking_score_not_negative",
                violation_error_message=_("The score may not be negative."),
            ),
        ]
        # “A position is at most the event's number of places” is not a constraint: it compares
        # this row with a column of another table (the event), which a CHECK constraint cannot
        # read. A trigger could, but differently on every database; Ranking.clean() and the
        # services that save places (which lock the event row) enforce it instead.
        permissions = [
            ("import_ranking", _("Can import places")),
            ("export_ranking", _("Can export places")),
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.channel} — {self.get_office_kind_display()} — {self.position}"

    def clean(self) -> None:
        if self.office_id is not None:
            self.office_kind = self.office.kind
        if self.event_id is not None and self.position is not None:
            places = self.event.places_per_category
            if self.position > places:
                raise ValidationError(
                    {
                        "position": _(
                            "Position %(position)s is above this event's %(places)s places per category."
                        )
                        % {"position": self.position, "places": places}
                    }
                )

    def save(self, *args, **kwargs) -> None:
        if self.office_id is not None:
            self.office_kind = self.office.kind
        super().save(*args, **kwargs)

    @property
    def position_words(self) -> str:
        """“Terbaik Pertama”, “Terbaik Ketiga (bersama)”, in the active language."""
        return position_in_words(self.position, shared=self.is_shared)


# ---------------------------------------------------------------------------------------------
# Judging: criteria, account metrics, judges and their scores (issue 7). The computation that
# turns these into a leaderboard is in awards/scoring.py; the formulas are in docs/judging.md.

# The group of judges, created by migration 0003; its members enter scores under /judging/.
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

    class Meta:
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
    """One thing an event judges on one channel, with its weight and maximum points."""

    event = models.ForeignKey(
        EvaluationEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="criteria"
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, help_text=_("What judges look at."))
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices)
    formula = models.CharField(
        _("formula"),
        max_length=20,
        choices=Formula.choices,
        blank=True,
        help_text=_("Only for measured criteria: how the account metrics become points."),
    )
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, help_text=_("Relative weight, e.g. 30 for 30%.")
    )
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, default=100, help_text=_("E.g. 100.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event_id", "channel__order", "order", "name"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                "event",
                "channel",
                Lower("name"),
                name="criterion_name_unique_per_channel",
                violation_error_message=_("This event already has a criterion of this name on this channel."),
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
        return f"{self.channel} — {self.name}"


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
