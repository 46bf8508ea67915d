"""The published record: what the public saw of an event, frozen when it was published."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import CertificateDesign, EvaluationEvent, PlaceNumbering, RankingLevel
from offices.models import Channel, Office
from offices.names import initials, printed_name


class VersionStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("Provisional (open to objections)")
    FINAL = "final", _("Final")


class PublishedVersion(models.Model):
    """What the public saw of an event, frozen when it was published: a record, never edited.

    Its columns hold the event's words as printed; its signatories, awards, categories and places
    are rows of their own (VersionSignatory, VersionAward, VersionCategory, VersionPlace), read
    as they are. Every public page, file, card, certificate and open-data file of the event is
    drawn from its current version. A correction (ralat) is a new version with a reason; version
    1 needs none; the versions before it are its corrections section.
    """

    event = models.ForeignKey(
        EvaluationEvent, verbose_name=_("event"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices)
    appeal_deadline = models.DateTimeField(
        _("objections until"),
        null=True,
        blank=True,
        help_text=_("A provisional version's end of the appeal window (masa sanggah), in WITA."),
    )
    reason = models.TextField(_("reason for the correction"), blank=True)
    # What changed since the version before, as data (results prints it).
    changes = models.JSONField(_("changes"), default=list, blank=True)
    # The event's words as printed in this version (results.freezing copies them from the draft).
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    held_on = models.DateField(_("date held"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(_("notes on the results"), blank=True)
    place_word = models.CharField(_("word for places"), max_length=40)
    place_numbering = models.CharField(_("place numbering"), max_length=10, choices=PlaceNumbering.choices)
    mention_word = models.CharField(_("word for honourable mentions"), max_length=40)
    # What the certificates print beside the places, as at publishing: the government's heading
    # and emblem (its storage name), the design and the committee's background (its storage name).
    heading = models.CharField(_("printed heading"), max_length=160, blank=True)
    emblem = models.CharField(_("emblem"), max_length=200, blank=True)
    certificate_design = models.CharField(
        _("certificate design"),
        max_length=20,
        choices=CertificateDesign.choices,
        default=CertificateDesign.CLASSIC,
    )
    certificate_background = models.CharField(_("certificate background"), max_length=200, blank=True)
    # What other apps handed in when it was frozen, under their keys, as plain data the pages
    # print as it is (results.freezing.SCORE_BREAKDOWN: judging's score breakdown).
    extras = models.JSONField(_("handed in when frozen"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name at the time, kept when the account is later removed.
    published_by_name = models.CharField(_("published by (name)"), max_length=150, blank=True)
    # The version the public sees now (or saw last, when the event was withdrawn).
    is_current = models.BooleanField(_("current"), default=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for the withdrawal"), blank=True)
    withdrawn_by_name = models.CharField(_("withdrawn by"), max_length=150, blank=True)

    class Meta:
        ordering = ["event", "-number"]
        get_latest_by = "number"
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        constraints = [
            models.UniqueConstraint(
                "event",
                "number",
                name="version_number_unique_in_event",
                violation_error_message=_("This event already has a version of this number."),
            ),
            models.UniqueConstraint(
                "event",
                condition=models.Q(is_current=True),
                name="version_one_current_per_event",
                violation_error_message=_("An event has one current version."),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="version_number_from_1",
                violation_error_message=_("Versions are numbered from 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(number=1) | ~models.Q(reason=""),
                name="version_correction_has_reason",
                violation_error_message=_("A correction needs its reason."),
            ),
            models.CheckConstraint(
                condition=models.Q(status=VersionStatus.FINAL) | models.Q(appeal_deadline__isnull=False),
                name="version_provisional_has_deadline",
                violation_error_message=_("A provisional version needs the end of its appeal window."),
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawn_reason=""),
                name="version_withdrawal_has_reason",
                violation_error_message=_("A withdrawal needs its reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} — v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("results:event-version", kwargs={"slug": self.event.slug, "number": self.number})

    @property
    def is_final(self) -> bool:
        return self.status == VersionStatus.FINAL

    @property
    def appeal_open(self) -> bool:
        """A provisional version whose appeal window (masa sanggah) has not yet closed."""
        return not self.is_final and self.appeal_deadline > timezone.now()

    @property
    def appeal_closed(self) -> bool:
        """A provisional version past its deadline: the committee's final decision is awaited."""
        return not self.is_final and not self.appeal_open

    @property
    def date_or_year(self) -> str:
        """When it was held, as printed: the date, or the year when the day was unknown."""
        from django.utils.formats import date_format

        return date_format(self.held_on) if self.held_on else str(self.year)


class VersionPlace(models.Model):
    """One place as a published version gave it. Its number is the public address of that
    version's certificate and card; ``code`` is what the certificate prints for /verify/.

    Its columns hold the place and its office as printed then: the pages, files and
    certificates read them as they are; the office pages, the all-time tables and the
    verification page look up by them.
    """

    version = models.ForeignKey(
        PublishedVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="places"
    )
    # The live row it was frozen from; not a foreign key: the live place may be deleted later,
    # and the record must stay.
    ranking_id = models.PositiveIntegerField(_("place entered"), null=True, blank=True, db_index=True)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="published_places"
    )
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_places",
    )
    category = models.ForeignKey(
        "VersionCategory",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="given",
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=RankingLevel.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    is_shared = models.BooleanField(_("shared"), default=False)
    # The place's words as printed (“Terbaik Pertama”, “Harapan 1”, “… (bersama)”).
    title = models.CharField(_("place as printed"), max_length=120)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    citation = models.TextField(_("citation"), blank=True)
    # The office as printed then: a later rename or a new logo does not rewrite the record.
    office_name = models.CharField(_("office name"), max_length=200)
    office_short_name = models.CharField(_("short name"), max_length=60, blank=True)
    office_slug = models.SlugField(_("office slug"), max_length=220)
    office_logo = models.CharField(_("logo file"), max_length=255, blank=True)
    kind_code = models.CharField(_("office kind"), max_length=40)
    kind_name = models.CharField(_("office kind name"), max_length=100)
    kind_prefix = models.CharField(_("office kind word"), max_length=40, blank=True)
    kind_order = models.PositiveSmallIntegerField(_("office kind order"), default=0)
    parent_name = models.CharField(_("parent office"), max_length=200, blank=True)
    parent_prefix = models.CharField(_("parent office kind word"), max_length=40, blank=True)
    account_handle = models.CharField(_("account"), max_length=200, blank=True)
    account_url = models.URLField(_("account address"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("order"))
    code = models.CharField(_("verification code"), max_length=12, db_index=True)
    # What the certificate says, as a digest: an unchanged place keeps its code in a correction.
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("published place")
        verbose_name_plural = _("published places")
        constraints = [
            models.UniqueConstraint("version", "code", name="versionplace_code_unique_in_version"),
            models.UniqueConstraint("version", "order", name="versionplace_order_unique_in_version"),
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.code}"

    @property
    def is_mention(self) -> bool:
        return self.level == RankingLevel.MENTION

    @property
    def office_display_name(self) -> str:
        """The office's name as printed then, after its kind's word (“Kelurahan Pelambuan”)."""
        return printed_name(self.office_name, self.kind_prefix)

    @property
    def office_initials(self) -> str:
        """What stands in for a missing logo (offices.names.initials)."""
        return initials(self.office_name)

    @property
    def parent_display_name(self) -> str:
        """The parent office as printed then, or ""."""
        return printed_name(self.parent_name, self.parent_prefix) if self.parent_name else ""

    @property
    def place_class(self) -> str:
        """The CSS class of the place's item: an honourable mention has its own, never a medal's."""
        return f"mention mention-{self.position}" if self.is_mention else f"place-{self.position}"

    @property
    def medal_class(self) -> str:
        """Gold, silver and bronze for the first three places only."""
        if self.is_mention:
            return "medal-mention"
        return f"medal-{self.position}" if self.position <= 3 else "medal-other"


class VersionSignatory(models.Model):
    """A signatory as a published version printed them."""

    version = models.ForeignKey(
        PublishedVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    # The storage names of the signature and stamp printed (stored pictures are never overwritten:
    # a new upload gets a new name), so a re-draw of the version prints the same pictures.
    signature = models.CharField(_("signature"), max_length=200, blank=True)
    stamp = models.CharField(_("stamp"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("published signatory")
        verbose_name_plural = _("published signatories")
        constraints = [
            models.UniqueConstraint("version", "order", name="versionsignatory_order_unique_in_version"),
        ]

    def __str__(self) -> str:
        return self.name


class VersionAward(models.Model):
    """An award as a published version printed it."""

    version = models.ForeignKey(
        PublishedVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="awards"
    )
    # The live award it was frozen from (not a foreign key: the record outlives the draft).
    award_id = models.PositiveIntegerField(_("award entered"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_awards",
    )
    # The channel's name and code as printed then: a renamed channel does not rewrite the record.
    channel_code = models.CharField(_("channel code"), max_length=40, blank=True)
    channel_name = models.CharField(_("channel name"), max_length=100, blank=True)
    # The award's own order in the draft, and its place in this version's display order.
    award_order = models.PositiveSmallIntegerField(_("award order"), default=0)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("published award")
        verbose_name_plural = _("published awards")
        constraints = [
            models.UniqueConstraint("version", "order", name="versionaward_order_unique_in_version"),
            models.UniqueConstraint("version", "award_id", name="versionaward_award_once_in_version"),
        ]

    def __str__(self) -> str:
        return self.title


class VersionCategory(models.Model):
    """A category of an award as a published version printed it."""

    award = models.ForeignKey(
        VersionAward, verbose_name=_("award"), on_delete=models.CASCADE, related_name="categories"
    )
    category_id = models.PositiveIntegerField(_("category entered"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    places = models.PositiveSmallIntegerField(_("places"))
    mentions = models.PositiveSmallIntegerField(_("honourable mentions"), default=0)
    category_order = models.PositiveSmallIntegerField(_("category order"), default=0)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["award", "order"]
        verbose_name = _("published category")
        verbose_name_plural = _("published categories")
        constraints = [
            models.UniqueConstraint("award", "order", name="versioncategory_order_unique_in_award"),
        ]

    def __str__(self) -> str:
        return self.title


class EventWork(models.TextChoices):
    CERTIFICATES = "certificates", _("drawing the certificates")


class EventTask(models.Model):
    """The last background task (django-tasks) enqueued for a piece of an event's work.

    One row per event and kind of work, locked while a task is enqueued: a second request finds
    the task already waiting or running and reuses it rather than enqueueing the work twice. The
    task's state is read from the task backend by ``task_id``; a running task writes
    ``heartbeat`` as it goes, so one whose worker died (a restart, a kill) is seen as stale and
    replaced.
    """

    event = models.ForeignKey(
        EvaluationEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )
    work = models.CharField(_("work"), max_length=40, choices=EventWork.choices)
    # The backend's result id: an opaque string of up to 64 characters (django-tasks).
    task_id = models.CharField(_("task"), max_length=64)
    enqueued_at = models.DateTimeField(_("enqueued at"))
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        verbose_name = _("event task")
        verbose_name_plural = _("event tasks")
        constraints = [
            models.UniqueConstraint("event", "work", name="eventtask_one_per_event_and_work"),
        ]

    def __str__(self) -> str:
        return f"{self.get_work_display()} ({self.event_id})"
