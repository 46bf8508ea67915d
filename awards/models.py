"""What is judged: evaluation events and the places they give."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.certificates.words import position_in_words
from common.models import TimeStampedModel
from offices.models import Channel, Office

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
            "channel__order",
            "channel__name",
            "office__kind__order",
            "office_kind",
            "position",
            "office__name",
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
    office_kind = models.CharField(_("office kind"), max_length=20, editable=False)
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
        return f"{self.event} — {self.channel} — {self.office_kind} — {self.position}"

    def clean(self) -> None:
        if self.office_id is not None:
            self.office_kind = self.office.kind_id
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
            self.office_kind = self.office.kind_id
        super().save(*args, **kwargs)

    @property
    def position_words(self) -> str:
        """“Terbaik Pertama”, “Terbaik Ketiga (bersama)”, in the active language."""
        return position_in_words(self.position, shared=self.is_shared)
