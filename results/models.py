"""The published record: what the public saw of an event, frozen when it was published."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.models import EvaluationEvent, RankingLevel
from offices.models import Channel, Office


class VersionStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("Provisional (open to objections)")
    FINAL = "final", _("Final")


class PublishedVersion(models.Model):
    """What the public saw of an event, frozen when it was published: a record, never edited.

    ``content`` holds the event's own words, signatories, awards and categories as they were
    (results builds and reads it); its places are ``VersionPlace`` rows. Every public page,
    file, card, certificate and open-data file of the event is drawn from its current version.
    A correction (ralat) is a new version with a reason; version 1 needs none.
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
    content = models.JSONField(_("content"))
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
        # The table awards made (awards 0011): it takes results' name once awards 0012 no longer
        # runs the live models, which read this name.
        db_table = "awards_publishedversion"
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


class VersionPlace(models.Model):
    """One place as a published version gave it. Its number is the public address of that
    version's certificate and card; ``code`` is what the certificate prints for /verify/.

    ``data`` holds the place and its office as printed then (results); the columns beside
    it are what the office pages, the all-time tables and the verification page look up by.
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
    level = models.PositiveSmallIntegerField(_("level"), choices=RankingLevel.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    order = models.PositiveIntegerField(_("order"))
    code = models.CharField(_("verification code"), max_length=12, db_index=True)
    # What the certificate says, as a digest: an unchanged place keeps its code in a correction.
    fingerprint = models.CharField(max_length=64)
    data = models.JSONField(_("place as published"))

    class Meta:
        db_table = "awards_versionplace"  # as PublishedVersion's
        ordering = ["version", "order"]
        verbose_name = _("published place")
        verbose_name_plural = _("published places")
        constraints = [
            models.UniqueConstraint("version", "code", name="versionplace_code_unique_in_version"),
            models.UniqueConstraint("version", "order", name="versionplace_order_unique_in_version"),
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.code}"
