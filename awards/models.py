"""What is judged: evaluation events and the places they give."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.words import ranking_title
from common.models import TimeStampedModel
from offices.models import Channel, Office, OfficeKind

# The group of committee members, created with its permissions by migration 0002.
COMMITTEE_GROUP = "Komite"


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    # Was public, then withdrawn with a reason: its address answers 410 Gone with that reason.
    WITHDRAWN = "withdrawn", _("Withdrawn")


def sees_drafts(user) -> bool:
    """Whether ``user`` may see events that are not public (the committee): the one rule."""
    return bool(
        user is not None and user.is_active and user.is_staff and user.has_perm("awards.view_evaluationevent")
    )


class EvaluationEventQuerySet(models.QuerySet):
    def published(self) -> "EvaluationEventQuerySet":
        return self.filter(status=EventStatus.PUBLISHED)

    def visible_to(self, user) -> "EvaluationEventQuerySet":
        """Published events for the public; drafts too for those who may edit events."""
        return self.all() if sees_drafts(user) else self.published()


class PlaceNumbering(models.TextChoices):
    WORDS = "words", _("In words (Terbaik Pertama)")
    DIGITS = "digits", _("In digits (Juara 1)")


# Newest first; an event whose day is unknown sorts by its year, after the dated ones of that year.
EVENT_ORDER = [F("year").desc(), F("held_on").desc(nulls_last=True), "title"]


class CertificateDesign(models.TextChoices):
    """How an event's certificates look (the values are documents.certificates.words.Design's)."""

    CLASSIC = "classic", _("gold and navy, with a seal")
    FORMAL = "formal", _("plain and formal, black on white")
    BACKGROUND = "background", _("our own background picture")


def certificate_background_path(instance: "EvaluationEvent", filename: str) -> str:
    # As for logos: the uploader's file name is never used, and a new upload gets a new name.
    return f"certificates/backgrounds/{uuid.uuid4().hex}.png"


def signature_path(instance: "Signatory", filename: str) -> str:
    return f"certificates/signatures/{uuid.uuid4().hex}.png"


def stamp_path(instance: "Signatory", filename: str) -> str:
    return f"certificates/stamps/{uuid.uuid4().hex}.png"


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
        _("year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year that was evaluated."),
    )
    held_on = models.DateField(
        _("date held"),
        null=True,
        blank=True,
        help_text=_(
            "The day the awards were handed over. Leave empty when the source does not say: "
            "pages and certificates then give the year alone."
        ),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    # The place of this event, not the government: certificates and documents print the
    # government's own name and heading (offices.Government).
    city = models.CharField(
        _("city or regency where it is held"),
        max_length=100,
        help_text=_(
            "Where this event takes place, e.g. “Banjarmasin” or “Wates”. The government printed on "
            "certificates and documents is set once under Government."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(
        _("notes on the results"),
        blank=True,
        help_text=_(
            "What the results cannot say in a place, e.g. a winner whose name the report does not "
            "give. Shown with the results; never invent a name."
        ),
    )
    place_word = models.CharField(
        _("word for places"),
        max_length=40,
        default="Terbaik",
        help_text=_("The event's own word before a place: “Terbaik” (Terbaik Pertama), “Juara” (Juara 1)."),
    )
    place_numbering = models.CharField(
        _("place numbering"),
        max_length=10,
        choices=PlaceNumbering.choices,
        default=PlaceNumbering.WORDS,
        help_text=_("“Terbaik Pertama” (in words) or “Juara 1” (in digits)."),
    )
    mention_word = models.CharField(
        _("word for honourable mentions"),
        max_length=40,
        default="Harapan",
        help_text=_("The word before an honourable mention's number: “Harapan” gives “Harapan 1”."),
    )
    certificate_design = models.CharField(
        _("certificate design"),
        max_length=20,
        choices=CertificateDesign.choices,
        default=CertificateDesign.CLASSIC,
        help_text=_(
            "The same words in each design; a published version keeps the design it was published with."
        ),
    )
    certificate_background = models.ImageField(
        _("certificate background"),
        upload_to=certificate_background_path,
        blank=True,
        help_text=_(
            "Your own A4 landscape picture (297 × 210 mm) under the certificate's words, "
            "for the design “our own background picture”."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    objects = EvaluationEventQuerySet.as_manager()

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = EVENT_ORDER
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=EventStatus.DRAFT)
                | models.Q(
                    status__in=[EventStatus.PUBLISHED, EventStatus.WITHDRAWN], published_at__isnull=False
                ),
                name="evaluationevent_published_has_date",
                violation_error_message=_("A published event needs its publication time."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="evaluationevent_year_plausible",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=~models.Q(place_word="") & ~models.Q(mention_word=""),
                name="evaluationevent_words_not_blank",
                violation_error_message=_("The words for places and honourable mentions may not be empty."),
            ),
            models.CheckConstraint(
                condition=~models.Q(certificate_design=CertificateDesign.BACKGROUND)
                | ~models.Q(certificate_background=""),
                name="evaluationevent_background_design_has_picture",
                violation_error_message=_(
                    "The design “our own background picture” needs the background picture: upload it, "
                    "or choose another design."
                ),
            ),
        ]
        permissions = [
            ("publish_evaluationevent", _("Can publish and unpublish evaluation events")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == EventStatus.WITHDRAWN

    @property
    def date_or_year(self) -> str:
        """What pages print for when it was held: the date, or the year when the day is unknown."""
        from django.utils.formats import date_format

        return date_format(self.held_on) if self.held_on else str(self.year)


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
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{18}$", _("A NIP is 18 digits, e.g. 197001011990031001."))],
        help_text=_("The civil servant's number (18 digits), printed under the name; leave empty if none."),
    )
    signature = models.ImageField(
        _("signature"),
        upload_to=signature_path,
        blank=True,
        help_text=_("A scan of the signature, ideally a PNG with a transparent background."),
    )
    stamp = models.ImageField(
        _("stamp"),
        upload_to=stamp_path,
        blank=True,
        help_text=_("The office's stamp (cap), ideally a PNG with a transparent background."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = ["event_id", "order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nip="") | models.Q(nip__regex=r"^[0-9]{18}$"),
                name="signatory_nip_18_digits",
                violation_error_message=_("A NIP is 18 digits, e.g. 197001011990031001."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.title})"


class Award(TimeStampedModel):
    """What an event gives, in its own words: “Terbaik Pengelolaan Website”, “Anugerah PPID”.

    Tied to a channel when it judges one (account links, metrics and the all-time tables per
    channel follow from it); an award without a channel is normal.
    """

    event = models.ForeignKey(
        EvaluationEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="awards"
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("As the event says it, e.g. “Terbaik Pengelolaan Website”.")
    )
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        related_name="awards",
        null=True,
        blank=True,
        help_text=_("Only when the award judges one channel (website, Instagram, …)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("title"),
                name="award_title_unique_in_event",
                violation_error_message=_("This event already has an award of this title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlacesLock(models.Model):
    """An award whose places were finalised from its judging: no path changes them while it stands.

    Set and lifted only by judging, through ``awards.services.award_places_lock`` and
    ``award_places_unlock``; every write of places, categories or the award checks it under the
    event's lock. A row of its own rather than a field of the award, so that saving the award's
    title from a form loaded earlier cannot write the lock back to what it was then.
    """

    award = models.OneToOneField(
        Award,
        verbose_name=_("award"),
        # The database itself keeps a locked award (and so its event) from being deleted.
        on_delete=models.PROTECT,
        related_name="places_lock",
    )
    locked_at = models.DateTimeField(_("locked at"))
    locked_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("locked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name at the time, kept when the account is later removed.
    locked_by_name = models.CharField(_("locked by (name)"), max_length=150, blank=True)

    class Meta:
        ordering = ["award"]
        verbose_name = _("lock on finalised places")
        verbose_name_plural = _("locks on finalised places")

    def __str__(self) -> str:
        return str(self.award)


class PlacesLockAction(models.TextChoices):
    LOCKED = "locked", _("locked (finalised from the judging)")
    LIFTED = "lifted", _("lifted (reopened from the judging)")


class PlacesLockRecord(models.Model):
    """One lock or lift of an award's places: who, when and why. A record, never edited."""

    # The record outlives the award (a reopened award may later be removed); its title stays.
    award = models.ForeignKey(
        Award,
        verbose_name=_("award"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="places_lock_records",
    )
    event = models.ForeignKey(
        EvaluationEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="places_lock_records",
    )
    award_title = models.CharField(_("award (title)"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=PlacesLockAction.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        "auth.User",
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    by_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["event", "-at", "-pk"]
        verbose_name = _("lock record of finalised places")
        verbose_name_plural = _("lock records of finalised places")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=PlacesLockAction.values),
                name="placeslockrecord_action_known",
                violation_error_message=_("A lock record either locks or lifts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(action=PlacesLockAction.LIFTED) | ~models.Q(reason=""),
                name="placeslockrecord_lift_has_reason",
                violation_error_message=_("Lifting the lock on finalised places needs its reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_title}: {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class Category(TimeStampedModel):
    """One ranking within an award: which office kinds enter it, how many places and honourable
    mentions it gives. “Kategori SKPD”, “Kategori Kelurahan”, or one ranking open to several kinds."""

    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.CASCADE, related_name="categories"
    )
    title = models.CharField(
        _("title"), max_length=120, help_text=_("As printed after “Kategori”, e.g. “SKPD”, “Kapanewon”.")
    )
    kinds = models.ManyToManyField(
        OfficeKind,
        verbose_name=_("office kinds admitted"),
        related_name="categories",
        help_text=_("The kinds of office that may hold its places; one or several."),
    )
    places = models.PositiveSmallIntegerField(
        _("places"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("How many places it gives (3: first, second, third)."),
    )
    mentions = models.PositiveSmallIntegerField(
        _("honourable mentions"),
        default=0,
        validators=[MaxValueValidator(99)],
        help_text=_("How many honourable mentions (Harapan 1, 2, …) it gives; often none."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords(m2m_fields=[kinds])

    class Meta:
        ordering = ["award", "order", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                "award",
                Lower("title"),
                name="category_title_unique_in_award",
                violation_error_message=_("This award already has a category of this title."),
            ),
            models.CheckConstraint(
                condition=models.Q(places__gte=1, places__lte=99),
                name="category_places_1_to_99",
                violation_error_message=_("A category gives between 1 and 99 places."),
            ),
            models.CheckConstraint(
                condition=models.Q(mentions__lte=99),
                name="category_mentions_at_most_99",
                violation_error_message=_("A category gives at most 99 honourable mentions."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} — {self.title}"


class RankingLevel(models.IntegerChoices):
    PLACE = 1, _("Place")
    MENTION = 2, _("Honourable mention")


# The one display order of places: award, category, places before mentions, position, name.
RANKING_ORDER = [
    "category__award__order",
    "category__award_id",
    "category__order",
    "category_id",
    "level",
    "position",
    "office__name",
]


class RankingQuerySet(models.QuerySet):
    def in_display_order(self) -> "RankingQuerySet":
        return self.order_by(*RANKING_ORDER)


class Ranking(TimeStampedModel):
    """One place given (peringkat): an office's place or honourable mention in a category."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="rankings"
    )
    # A copy of category.award: “one ranking per office per award” must live on this row for the
    # database to hold it. Set from the category by copy_award() (the one place it is copied).
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.CASCADE, related_name="rankings", editable=False
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="rankings"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=RankingLevel.choices, default=RankingLevel.PLACE
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("1 is the best place (or Harapan 1 for an honourable mention)."),
    )
    is_shared = models.BooleanField(
        _("shared place"),
        default=False,
        help_text=_("Joint holders of one place of one category: tick on every holder."),
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    citation = models.CharField(_("citation"), max_length=300, blank=True)

    objects = RankingQuerySet.as_manager()

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = RANKING_ORDER
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                "award",
                "office",
                name="ranking_one_per_office_and_award",
                violation_error_message=_("This office already holds a place in this award."),
            ),
            models.UniqueConstraint(
                "category",
                "level",
                "position",
                condition=models.Q(is_shared=False),
                name="ranking_position_unique_in_category",
                violation_error_message=_(
                    "This position is already taken in this category. If the offices hold it "
                    "jointly, tick “shared place” on every holder."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=99),
                name="ranking_position_1_to_99",
                violation_error_message=_("The position must be between 1 and 99."),
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=RankingLevel.values),
                name="ranking_level_known",
                violation_error_message=_("The level must be a place or an honourable mention."),
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0),
                name="ranking_score_not_negative",
                violation_error_message=_("The score may not be negative."),
            ),
        ]
        # Two rules compare this row with other tables, which a CHECK constraint cannot read: a
        # position within the category's number of places (or mentions), and an office kind the
        # category admits. awards.rules states them and the services that save places check them
        # while holding the event's row lock (awards.services).
        permissions = [
            ("import_ranking", _("Can import places")),
            ("export_ranking", _("Can export places")),
        ]

    def __str__(self) -> str:
        return f"{self.category} — {self.title}"

    def copy_award(self) -> None:
        """The one place ``award`` is set: from the category (save, clean and bulk inserts)."""
        if self.category_id is not None:
            self.award_id = self.category.award_id

    def clean_fields(self, exclude=None) -> None:
        self.copy_award()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs) -> None:
        self.copy_award()
        super().save(*args, **kwargs)

    @property
    def event(self) -> EvaluationEvent:
        return self.category.award.event

    @property
    def channel(self) -> Channel | None:
        return self.category.award.channel

    @property
    def is_mention(self) -> bool:
        return self.level == RankingLevel.MENTION

    @property
    def title(self) -> str:
        """The place in the event's words: “Terbaik Pertama”, “Juara 2 (bersama)”, “Harapan 1”."""
        return ranking_title(
            self.category.award.event, level=self.level, position=self.position, shared=self.is_shared
        )

    # The name templates and the share card used before places had levels.
    position_words = title


class Objection(TimeStampedModel):
    """An objection (sanggahan) received during a provisional version's appeal window."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not decided yet")
        UPHELD = "upheld", _("Upheld (the results are corrected)")
        REJECTED = "rejected", _("Rejected")

    event = models.ForeignKey(
        EvaluationEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="objections"
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("from office"),
        on_delete=models.PROTECT,
        related_name="objections",
        null=True,
        blank=True,
    )
    received_on = models.DateField(_("received on"))
    summary = models.TextField(_("what the objection says"))
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decision_note = models.TextField(_("decision and its grounds"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "received_on", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.event} — {self.received_on}"
