"""Who is judged: offices, the channels they publish on, and their accounts there."""

import uuid

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models.functions import Lower, Trim
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel
from offices.names import bare_name, initials, normalize_name, printed_name


def office_logo_path(instance: "Office", filename: str) -> str:
    # The uploader's file name is never used: it may carry personal data or path tricks.
    return f"logos/{uuid.uuid4().hex}.png"


class OfficeKind(TimeStampedModel):
    """A kind of office that takes part (SKPD, Kelurahan, Kapanewon, …): data the committee keeps."""

    # The codes of the two kinds the migration makes (0006_office_kinds_as_data).
    SKPD = "skpd"
    KELURAHAN = "kelurahan"

    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short, lowercase, e.g. “kapanewon”. Used in imports and web addresses."),
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("E.g. “Kapanewon”, “SKPD”."))
    prefix = models.CharField(
        _("printed word"),
        max_length=40,
        blank=True,
        help_text=_(
            "The word printed before its offices' names, e.g. “Kelurahan” for “Kelurahan "
            "Pelambuan”. Empty for kinds whose names stand alone (SKPD)."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Kinds are listed from low to high.")
    )

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("office kind")
        verbose_name_plural = _("office kinds")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="officekind_name_unique",
                violation_error_message=_("An office kind with this name already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with the word it prints, where kinds one letter apart are chosen:
        “Kalurahan (prints “Kalurahan …”)” beside “Kelurahan (prints “Kelurahan …”)”."""
        if self.prefix:
            return _("%(name)s (prints “%(word)s …”)") % {"name": self.name, "word": self.prefix}
        return _("%(name)s (prints the name alone)") % {"name": self.name}

    def clean(self) -> None:
        self.name = normalize_name(self.name)
        self.prefix = normalize_name(self.prefix)


def printed_words() -> dict[str, str]:
    """Every kind that prints a word before its offices' names, by code: one query."""
    return dict(OfficeKind.objects.exclude(prefix="").order_by().values_list("code", "prefix"))


class OfficeQuerySet(models.QuerySet):
    def active(self) -> "OfficeQuerySet":
        return self.filter(is_active=True)

    def search(self, text: str, words: dict[str, str] | None = None) -> "OfficeQuerySet":
        """Offices whose name, short name or a former name holds ``text``; “Kelurahan Pelambuan”
        finds the kelurahan stored as “Pelambuan”, “Kalurahan Caturtunggal” the kalurahan
        “Caturtunggal”. ``words`` (kind code → printed word) spares the query that reads them."""
        text = normalize_name(text)
        if not text:
            return self

        def named(part: str) -> models.Q:
            former = OfficeFormerName.objects.filter(office=models.OuterRef("pk"), name__icontains=part)
            return models.Q(name__icontains=part) | models.Q(models.Exists(former))

        found = named(text) | models.Q(short_name__icontains=text)
        for kind, word in (printed_words() if words is None else words).items():
            bare = bare_name(text, word)
            if bare != text:
                found |= models.Q(kind_id=kind) & named(bare)
        return self.filter(found)


class Office(TimeStampedModel):
    """A unit of the government that is judged: an SKPD, a kelurahan, a kapanewon, …"""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            "As people write it, e.g. “Dinas Kesehatan”. For a kelurahan the name alone "
            "(“Pelambuan”); it is shown as “Kelurahan Pelambuan”."
        ),
    )
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("Optional, e.g. “Prokompim”.")
    )
    # The column keeps the kind's code ("kelurahan"), as before kinds were rows.
    kind = models.ForeignKey(
        OfficeKind,
        to_field="code",
        db_column="kind",
        on_delete=models.PROTECT,
        related_name="offices",
        verbose_name=_("kind"),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        blank=True,
        help_text=_(
            "Used in the office's web address; letters, digits and hyphens. Left empty, it is "
            "made from the name."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("E.g. Sekretariat Daerah for a Bagian, the kecamatan for a kelurahan."),
    )
    logo = models.ImageField(_("logo"), upload_to=office_logo_path, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive offices are kept for past results.")
    )

    objects = OfficeQuerySet.as_manager()

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "kind_id"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.UniqueConstraint(
                Lower(Trim("name")),
                "kind",
                name="office_name_unique_per_kind",
                violation_error_message=_("An office of this kind with this name already exists."),
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""),
                name="office_name_not_blank",
                violation_error_message=_("The name may not be empty."),
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="office_not_own_parent",
                violation_error_message=_("An office cannot be its own parent."),
            ),
        ]
        permissions = [
            ("import_office", _("Can import offices")),
            ("export_office", _("Can export offices")),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def prefix(self) -> str:
        """The word printed before the name (its kind's), or "". Lists select_related("kind")."""
        if not self.kind_id:
            return ""
        try:
            return self.kind.prefix
        except OfficeKind.DoesNotExist:
            return ""

    @property
    def display_name(self) -> str:
        """The name as it is printed: after its kind's word (“Kelurahan Pelambuan”)."""
        return printed_name(self.name, self.prefix)

    def clean(self) -> None:
        # Stored without the kind's printed word, so the name rule below also holds
        # “Kelurahan Pelambuan” and “Pelambuan” to be one kelurahan.
        self.name = bare_name(self.name, self.prefix)
        self.short_name = normalize_name(self.short_name)
        if not self.slug:
            self.slug = self._free_slug()

    def validate_constraints(self, exclude=None) -> None:
        # The name rule is an expression constraint, which Django reports on no field; the
        # committee should see it on the name they typed.
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            name_rule = self._meta.constraints[0].violation_error_message
            non_field = errors.get(NON_FIELD_ERRORS, [])
            moved = [e for e in non_field if name_rule in e.messages]
            if moved:
                errors[NON_FIELD_ERRORS] = [e for e in non_field if e not in moved]
                errors.setdefault("name", []).extend(moved)
                errors = {field: messages for field, messages in errors.items() if messages}
            raise ValidationError(errors) from error

    def save(self, *args, **kwargs) -> None:
        self.name = bare_name(self.name, self.prefix)
        self.short_name = normalize_name(self.short_name)
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    def _free_slug(self) -> str:
        base = slugify(self.display_name)[:200] or "office"
        taken = set(
            Office.objects.filter(slug__startswith=base).exclude(pk=self.pk).values_list("slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def initials(self) -> str:
        """Two letters that stand in for a missing logo (offices.names.initials)."""
        return initials(self.name)

    def logo_thumbnail_url(self, size: int = 128) -> str:
        """The address of the logo scaled into a square of ``size`` pixels (64, 128 or 256).

        Pages show these, never the stored logo itself; each is made once and reused.
        """
        if not self.logo:
            return ""
        # Pillow is loaded only where pictures are made, not with the models.
        from offices.images import logo_thumbnail_url

        return logo_thumbnail_url(self.logo.name, size)


class OfficeFormerName(TimeStampedModel):
    """A name an office went by before it was renamed; it keeps its past places under its new name."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(_("former name"), max_length=200)
    until_year = models.PositiveSmallIntegerField(
        _("used until"),
        null=True,
        blank=True,
        help_text=_("The last year the office went by this name, when known."),
    )

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = ["office", models.F("until_year").desc(nulls_last=True), "name"]
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        constraints = [
            models.UniqueConstraint(
                "office",
                Lower(Trim("name")),
                name="officeformername_once_per_office",
                violation_error_message=_("This office already has this former name."),
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""),
                name="officeformername_name_not_blank",
                violation_error_message=_("The former name may not be empty."),
            ),
            models.CheckConstraint(
                condition=models.Q(until_year__isnull=True) | models.Q(until_year__range=(1900, 2200)),
                name="officeformername_until_year_plausible",
                violation_error_message=_("The year must be between 1900 and 2200."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return printed_name(self.name, self.office.prefix) if self.office_id else self.name

    def clean(self) -> None:
        self.name = bare_name(self.name, self.office.prefix) if self.office_id else normalize_name(self.name)

    def save(self, *args, **kwargs) -> None:
        self.name = bare_name(self.name, self.office.prefix) if self.office_id else normalize_name(self.name)
        super().save(*args, **kwargs)


class Channel(TimeStampedModel):
    """A medium on which offices are judged: website, Instagram, Facebook, and any added later."""

    code = models.SlugField(
        _("code"), max_length=30, unique=True, help_text=_("Short, lowercase, e.g. “instagram”.")
    )
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Channels are listed from low to high.")
    )
    url_template = models.CharField(
        _("link template"),
        max_length=200,
        blank=True,
        help_text=_(
            "How an account handle becomes a link, with {handle} where the handle goes, "
            "e.g. https://www.instagram.com/{handle}/. Leave empty when accounts are full links."
        ),
    )

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="channel_name_unique",
                violation_error_message=_("A channel with this name already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def link_for(self, handle: str) -> str:
        """The web address of an account given as a full link or as a handle."""
        handle = (handle or "").strip()
        if not handle or handle.startswith(("http://", "https://")):
            return handle
        if not self.url_template:
            return f"https://{handle}"
        link = self.url_template.replace("{handle}", handle.lstrip("@"))
        # A template such as "{handle}" must not turn a handle into a javascript: or data: link
        # on the public pages; only web links are made.
        return link if link.startswith(("http://", "https://")) else ""


class OfficeAccount(TimeStampedModel):
    """An office's presence on one channel: its website address or its handle."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="accounts"
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="accounts"
    )
    handle = models.CharField(
        _("address or handle"),
        max_length=300,
        help_text=_("A full link (https://…) or a handle such as @diskominfobjm."),
    )

    # Who changed what and when, with the values before and after (shown in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = ["office__name", "channel__order"]
        verbose_name = _("office account")
        verbose_name_plural = _("office accounts")
        constraints = [
            models.UniqueConstraint(
                "office",
                "channel",
                name="officeaccount_one_per_channel",
                violation_error_message=_("This office already has an account on this channel."),
            ),
            models.CheckConstraint(
                condition=~models.Q(handle=""),
                name="officeaccount_handle_not_blank",
                violation_error_message=_("The address or handle may not be empty."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} — {self.channel}"

    @property
    def url(self) -> str:
        return self.channel.link_for(self.handle)

    def clean(self) -> None:
        self.handle = (self.handle or "").strip()


def government_emblem_path(instance: "Government", filename: str) -> str:
    # As for logos: the uploader's file name is never used.
    return f"emblems/{uuid.uuid4().hex}.png"


def government_template_path(instance: "Government", filename: str) -> str:
    return f"templates/{uuid.uuid4().hex}.docx"


class GovernmentLevel(models.TextChoices):
    KOTA = "kota", _("city (kota)")
    KABUPATEN = "kabupaten", _("regency (kabupaten)")
    PROVINSI = "provinsi", _("province (provinsi)")
    INSTANSI = "instansi", _("agency (instansi)")


class TimeZone(models.TextChoices):
    """Indonesia's three zones, by the IANA name Python knows and the abbreviation people write."""

    WIB = "Asia/Jakarta", _("WIB (UTC+7): Sumatra, Java, West and Central Kalimantan")
    WITA = "Asia/Makassar", _("WITA (UTC+8): Bali, Nusa Tenggara, South, East and North Kalimantan, Sulawesi")
    WIT = "Asia/Jayapura", _("WIT (UTC+9): Maluku, Papua")


# The abbreviation printed after a time ("16.00 WITA"): the same in both languages.
ZONE_ABBREVIATIONS = {TimeZone.WIB: "WIB", TimeZone.WITA: "WITA", TimeZone.WIT: "WIT"}


class Government(TimeStampedModel):
    """The government this installation serves: its name, heading, head, time zone and emblem.

    One row (the database holds it to that): every page, certificate, document and time shown
    reads it through ``offices.government.government()``. A fresh installation gets Banjarmasin's
    values from the migration, the first event the app carried; the committee edits them in the admin.
    """

    name = models.CharField(
        _("name"),
        max_length=120,
        default="Kota Banjarmasin",
        help_text=_("As it is written in a sentence, e.g. “Kabupaten Kulon Progo”, “Kota Banjarmasin”."),
    )
    level = models.CharField(
        _("level"), max_length=20, choices=GovernmentLevel.choices, default=GovernmentLevel.KOTA
    )
    heading = models.CharField(
        _("printed heading"),
        max_length=160,
        blank=True,
        default="PEMERINTAH KOTA BANJARMASIN",
        help_text=_(
            "The heading of certificates and documents, e.g. “PEMERINTAH KABUPATEN KULON PROGO”. "
            "Left empty, it is “PEMERINTAH” and the name in capitals."
        ),
    )
    head_title = models.CharField(
        _("head's title"),
        max_length=80,
        default="Wali Kota",
        help_text=_("E.g. “Wali Kota”, “Bupati”, “Gubernur”, “Kepala Dinas”."),
    )
    head_name = models.CharField(
        _("head's name"),
        max_length=120,
        blank=True,
        help_text=_("Printed under the head's signature in the decree's annex; may stay empty."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TimeZone.choices,
        default=TimeZone.WITA,
        help_text=_("Every time shown or printed (appeal deadlines, the admin's notes) is in this zone."),
    )
    emblem = models.ImageField(
        _("emblem"),
        upload_to=government_emblem_path,
        blank=True,
        help_text=_("The government's coat of arms (lambang daerah), printed on certificates and documents."),
    )
    site_name = models.CharField(
        _("site name"),
        max_length=120,
        blank=True,
        help_text=_(
            "The name at the top of every page, e.g. “Anugerah Media Kulon Progo”. "
            "Left empty: “Smart City Awards” in the page's language."
        ),
    )
    footer = models.TextField(
        _("footer"),
        blank=True,
        help_text=_("A line or two at the foot of every public page, e.g. the committee's address."),
    )
    public_address = models.URLField(
        _("public address"),
        blank=True,
        help_text=_(
            "The site's address as the public reaches it, e.g. “https://penghargaan.kulonprogokab.go.id”: "
            "printed under every certificate's QR code. Left empty, the server's configured address is used."
        ),
    )
    sk_annex_template = models.FileField(
        _("decree annex template (DOCX)"),
        upload_to=government_template_path,
        blank=True,
        help_text=_(
            "Your own Word template with the letterhead (kop surat); "
            "the shipped one serves until you upload one."
        ),
    )
    minutes_template = models.FileField(
        _("minutes template (DOCX)"),
        upload_to=government_template_path,
        blank=True,
        help_text=_(
            "Your own Word template for the berita acara; the shipped one serves until you upload one."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("government")
        verbose_name_plural = _("government")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1),
                name="government_one_row",
                violation_error_message=_("An installation serves one government."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def printed_heading(self) -> str:
        return self.heading or f"PEMERINTAH {self.name.upper()}"

    @property
    def zone_abbreviation(self) -> str:
        return ZONE_ABBREVIATIONS.get(self.time_zone, self.time_zone)

    @property
    def zone(self):
        import zoneinfo

        return zoneinfo.ZoneInfo(self.time_zone)
