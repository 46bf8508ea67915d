from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from awards import (
    converters,  # noqa: F401  (registers the path converters used below)
    versions,
)
from awards.certificates.storage import (
    event_certificates_draw_later,
    event_certificates_response,
    event_certificates_state,
    rendered_response,
    zip_draw_limit,
)
from awards.models import (
    RANKING_ORDER,
    Award,
    Category,
    EvaluationEvent,
    EventStatus,
    Objection,
    PlaceNumbering,
    PublishedVersion,
    Ranking,
    RankingLevel,
    Signatory,
    VersionPlace,
)
from awards.resources import RankingResource, winner_list_file, winner_list_filename
from awards.rules import category_kind_codes, places_check
from awards.services import (
    EVENT_CHANGED,
    PLACE_CHANGED,
    PlacesConflict,
    award_save,
    category_save,
    edit_version,
    event_awards_copy,
    event_places_check,
    event_places_save,
    event_publish,
    event_save,
    event_withdraw,
    ranking_problems,
    ranking_save,
)
from awards.words import ranking_words
from common.history import HistoryAdmin
from common.otp import otp_required_for_publishing, two_factor_redirect, user_is_verified
from common.spreadsheet_admin import SpreadsheetAdminMixin
from common.spreadsheets import EXPORT_FORMATS
from offices.models import Office


class EditVersionForm(forms.ModelForm):
    """Carries the row's version from the moment the page was opened back with the save.

    A save whose version is no longer the row's is refused with a clear message, instead of
    silently overwriting what another committee member saved in the meantime (optimistic
    locking; the services check again under the event's row lock).
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    changed_message = EVENT_CHANGED

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = edit_version(self.instance)

    def clean(self):
        cleaned = super().clean()
        # A form posted without the token (a script, an old page) is not checked.
        seen = cleaned.get("version") or None
        if self.instance.pk is not None and seen is not None and seen != edit_version(self.instance):
            raise forms.ValidationError(str(self.changed_message), code="stale")
        return cleaned


# The database's two rules that span rows of places. A form checks them against the saved rows,
# one row at a time, and would refuse two places that swap positions in one save; and their
# message cannot name the other holder. awards.rules checks the set as it will stand and puts
# the message, with names, on the row (the database still holds them when saving).
SPANNING_CONSTRAINTS = ("ranking_position_unique_in_category", "ranking_one_per_office_and_award")


class PlaceRulesForm(forms.ModelForm):
    def _post_clean(self) -> None:
        super()._post_clean()
        spanning = {
            str(constraint.violation_error_message)
            for constraint in Ranking._meta.constraints
            if constraint.name in SPANNING_CONSTRAINTS
        }
        errors = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if errors:
            kept = [error for error in errors.as_data() if not set(error.messages) <= spanning]
            if kept:
                self._errors[NON_FIELD_ERRORS] = self.error_class(kept, error_class="nonfield")
            else:
                del self._errors[NON_FIELD_ERRORS]


class RankingInlineFormSet(BaseInlineFormSet):
    """Checks the event's places as they will stand after the save, and names the broken row."""

    def clean(self) -> None:
        super().clean()
        rows = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.errors:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            rows.append((form, form.instance))
        for problem in self.places_problems(rows):
            problem.key.add_error(problem.field, problem.message)

    # The award page's table of categories, when it is saved with these places (AwardAdmin).
    category_formset = None

    def places_problems(self, rows):
        """The rules checked on the places as they will stand, in the categories as they will
        stand: a secretary may raise a category's places or mentions and enter them in one save."""
        pending = self.category_formset
        if pending is None or not pending.is_valid():
            return event_places_check(self.instance.event, rows)
        event = self.instance.event
        categories = {
            category.pk: category
            for category in Category.objects.filter(award__event=event).select_related("award__event")
        }
        kind_codes = category_kind_codes(categories.values())
        for form in pending.forms:
            pk = form.instance.pk
            if pk not in categories or not form.has_changed() or pending._should_delete_form(form):
                continue
            categories[pk].places = form.cleaned_data["places"]
            categories[pk].mentions = form.cleaned_data["mentions"]
            categories[pk].title = form.cleaned_data["title"]
            kind_codes[pk] = {kind.code for kind in form.cleaned_data["kinds"]}
        for _form, ranking in rows:
            if ranking.category_id in categories:
                ranking.category = categories[ranking.category_id]
        return places_check(rows, categories=categories, kind_codes=kind_codes)


def _require_certificate_permission(request) -> None:
    # Certificates print every place, so they need the right to see places, not only events.
    if not request.user.has_perm("awards.view_ranking"):
        raise PermissionDenied


@admin.display(description=_("certificate"))
def certificate_links(obj: Ranking) -> str:
    if obj.pk is None:
        return "—"
    return format_html(
        '<a href="{}">PDF</a> · <a href="{}">PNG</a>',
        reverse("admin:awards_ranking_certificate", kwargs={"pk": obj.pk, "fmt": "pdf"}),
        reverse("admin:awards_ranking_certificate", kwargs={"pk": obj.pk, "fmt": "png"}),
    )


class AwardOfficeAutocomplete(AutocompleteSelect):
    """The office picker of an award's places: it asks the award's own search (below), which
    offers only offices of the kinds the award's categories admit."""

    def __init__(self, field, admin_site, *, award: Award, **kwargs):
        super().__init__(field, admin_site, **kwargs)
        self.award = award
        # Shared by the copies of this widget that the rows of the table use (a widget's copy is
        # shallow): the offices holding the award's places are read once, not once per row.
        self.offices: dict[str, Office] = {}
        self.loaded: list[bool] = []

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not self.loaded:
            self.offices.update(
                (str(office.pk), office)
                for office in Office.objects.filter(rankings__award=self.award).select_related("kind")
            )
            self.loaded.append(True)
        missing = [pk for pk in selected if pk not in self.offices]
        if missing:  # a row typed but not saved yet (the page shown again with its errors)
            self.offices.update(
                (str(office.pk), office)
                for office in self.choices.queryset.filter(pk__in=missing).select_related("kind")
            )
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for pk in selected:
            if pk in self.offices:
                label = self.choices.field.label_from_instance(self.offices[pk])
                default[1].append(self.create_option(name, pk, label, True, len(default[1])))
        return [default]

    def get_url(self) -> str:
        return reverse(f"{self.admin_site.name}:awards_award_office_autocomplete", args=[self.award.pk])


class AwardOfficeAutocompleteView(AutocompleteJsonView):
    """The admin's office search, narrowed to the kinds the award's categories admit.

    A wrong kind typed by other means is still refused by awards.rules, on its row."""

    award: Award | None = None

    def get_queryset(self):
        admitted = Category.kinds.through.objects.filter(category__award=self.award).values(
            "officekind__code"
        )
        return super().get_queryset().filter(kind__in=admitted)


class RankingInline(admin.TabularInline):
    model = Ranking
    form = PlaceRulesForm
    formset = RankingInlineFormSet
    # The score is entered on a place's own page (or by judging): the table fits a laptop screen.
    fields = ["category", "office", "level", "position", "is_shared", "citation", certificate_links]
    readonly_fields = [certificate_links]
    autocomplete_fields = ["office"]
    extra = 0
    show_change_link = True
    verbose_name = _("place")
    verbose_name_plural = _("places (category, office, level, position)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("category__award__event", "office__kind")
            .in_display_order()
        )

    def get_formset(self, request, obj=None, **kwargs):
        # The award whose places these are: its categories are the only choices, and the office
        # search offers the kinds they admit.
        request._places_award = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        award = getattr(request, "_places_award", None)
        if db_field.name == "category":
            kwargs["queryset"] = Category.objects.filter(award=award).order_by("order", "pk")
        if db_field.name == "office" and award is not None:
            kwargs["widget"] = AwardOfficeAutocomplete(db_field, self.admin_site, award=award)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "category":
            field.label_from_instance = lambda category: category.title
            # Evaluated once per page instead of once per row of the inline.
            field.choices = list(field.choices)
        return field

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Narrow inputs, so that the table of places fits a laptop screen.
        if db_field.name == "citation":
            kwargs["widget"] = forms.TextInput(attrs={"size": 8})
        if db_field.name == "score":
            kwargs["widget"] = forms.NumberInput(attrs={"class": "vIntegerField", "step": "0.01"})
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "level":
            # Short labels in the table; “Harapan” is the usual word for an honourable mention.
            field.choices = [
                (RankingLevel.PLACE.value, _("Place")),
                (RankingLevel.MENTION.value, _("Mention")),
            ]
        if db_field.name in ("category", "office"):
            # Each row's four buttons (edit, add, delete, view the channel or office) made the
            # table wider than a laptop screen; channels and offices have their own pages.
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field


def _category_summary(category: Category) -> str:
    kinds = ", ".join(kind.name for kind in category.kinds.all())
    counts = ngettext("%(count)d place", "%(count)d places", category.places) % {"count": category.places}
    if category.mentions:
        counts += ", " + ngettext(
            "%(count)d honourable mention", "%(count)d honourable mentions", category.mentions
        ) % {"count": category.mentions}
    return f"{category.title} ({kinds}: {counts})"


def save_rows_through(formset, *, parent: tuple[str, object], save) -> None:
    """Save an inline formset row by row through a service, ``save(obj, row_form)``: deleted rows
    first, then new and changed ones, recorded as the admin's change log expects."""
    field, owner = parent
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for deleted in formset.deleted_forms:
        if deleted.instance.pk is not None:
            formset.deleted_objects.append(deleted.instance)
            deleted.instance.delete()
    for row in formset.forms:
        if formset.can_delete and formset._should_delete_form(row):
            continue
        if not row.has_changed():
            continue
        obj = row.save(commit=False)
        setattr(obj, field, owner)
        is_new = obj.pk is None
        save(obj, row)
        if is_new:
            formset.new_objects.append(obj)
        else:
            formset.changed_objects.append((obj, row.changed_data))


class AwardInline(admin.TabularInline):
    model = Award
    fields = ["order", "title", "channel", "categories_summary", "places_entered", "places_link"]
    readonly_fields = ["categories_summary", "places_entered", "places_link"]
    extra = 0
    verbose_name_plural = _(
        "awards (step 1: their titles here; step 2: “categories and places” opens an award's own page)"
    )

    def get_queryset(self, request):
        categories = Category.objects.order_by("order", "pk").prefetch_related("kinds")
        return (
            super()
            .get_queryset(request)
            .select_related("channel")
            .annotate(place_count=Count("rankings"))
            .prefetch_related(Prefetch("categories", queryset=categories))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "channel":
            field.choices = list(field.choices)  # once per page, not once per row
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field

    @admin.display(description=_("categories"))
    def categories_summary(self, obj: Award) -> str:
        if obj.pk is None:
            return "—"
        return " · ".join(_category_summary(category) for category in obj.categories.all()) or gettext(
            "none yet"
        )

    @admin.display(description=_("places entered"))
    def places_entered(self, obj: Award) -> int | str:
        if obj.pk is None:
            return "—"
        return getattr(obj, "place_count", None) if hasattr(obj, "place_count") else obj.rankings.count()

    @admin.display(description=_("categories and places"))
    def places_link(self, obj: Award) -> str:
        if obj.pk is None:
            return gettext("Save first")
        return format_html(
            '<a href="{}" class="award-places-link">{}</a>',
            reverse("admin:awards_award_change", args=[obj.pk]),
            gettext("categories and places"),
        )


class CategoryInline(admin.TabularInline):
    model = Category
    fields = ["order", "title", "kinds", "places", "mentions"]
    extra = 0
    verbose_name_plural = _(
        "categories (one ranking each: the office kinds it admits, its places and honourable mentions)"
    )

    def get_extra(self, request, obj=None, **kwargs):
        # A new award needs at least one category: the row is there to fill in.
        return 1 if obj is None else 0

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("kinds")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "kinds":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "kinds":
            field.choices = list(field.choices)  # once per page, not once per row
        return field


class AwardAdminForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ["event", "title", "channel", "order"]


@admin.register(Award)
class AwardAdmin(HistoryAdmin):
    form = AwardAdminForm
    list_display = ["title", "event", "channel", "order"]
    list_filter = ["event", "channel"]
    list_select_related = ["event", "channel"]
    search_fields = ["title", "event__title"]
    fields = ["event", "title", "channel", "order"]
    inlines = [CategoryInline, RankingInline]

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        categories = next((formset for formset in formsets if formset.model is Category), None)
        for formset in formsets:
            if formset.model is Ranking:
                formset.category_formset = categories
        return formsets, inline_instances

    def get_inlines(self, request, obj):
        # Two steps: the categories first; once saved, their places (a place needs its category).
        return [CategoryInline] if obj is None else [CategoryInline, RankingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event", "channel")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("event", "channel"):
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field

    def get_urls(self):
        urls = [
            path(
                "<int:award_id>/offices/",
                self.admin_site.admin_view(self.office_autocomplete_view),
                name="awards_award_office_autocomplete",
            ),
        ]
        return urls + super().get_urls()

    def office_autocomplete_view(self, request, award_id: int):
        award = get_object_or_404(Award, pk=award_id)
        if not self.has_view_or_change_permission(request, award):
            raise PermissionDenied
        return AwardOfficeAutocompleteView.as_view(admin_site=self.admin_site, award=award)(request)

    def save_model(self, request, obj, form, change) -> None:
        award_save(award=obj, by=request.user)

    def save_related(self, request, form, formsets, change) -> None:
        form.save_m2m()
        for formset in formsets:
            if formset.model is Category:
                save_rows_through(
                    formset,
                    parent=("award", form.instance),
                    save=lambda category, row: category_save(
                        category=category, kinds=row.cleaned_data["kinds"], by=request.user
                    ),
                )
        for formset in formsets:
            if formset.model is Ranking:
                changed = formset.save(commit=False)
                event_places_save(
                    event=form.instance.event,
                    changed=changed,
                    deleted=formset.deleted_objects,
                    by=request.user,
                )

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        # Step two is on the award's own page: its places, in the categories just saved.
        self.message_user(
            request,
            gettext("The award “%(award)s” was added. Now enter its places below.") % {"award": obj},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:awards_award_change", args=[obj.pk]))

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            # Back to the event, where the other awards are.
            return HttpResponseRedirect(reverse("admin:awards_evaluationevent_change", args=[obj.event_id]))
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PlacesConflict as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        except ValidationError as exc:
            # A category changed so that a place it already gives breaks a rule (fewer places, a
            # kind no longer admitted): the admin's transaction has rolled everything back.
            self.message_user(
                request,
                gettext("The categories could not be saved: %(reason)s Nothing was saved.")
                % {"reason": " ".join(exc.messages)},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())


class SignatoryInline(admin.TabularInline):
    model = Signatory
    fields = ["order", "name", "title"]
    extra = 0


def places_example(*, place_word: str, numbering: str, mention_word: str) -> str:
    """How an event's places print, from its words: “Terbaik Pertama, Terbaik Kedua, … · Harapan 1”."""
    places = [
        ranking_words(
            place_word=place_word,
            numbering=numbering,
            mention_word=mention_word,
            level=RankingLevel.PLACE,
            position=position,
        )
        for position in (1, 2, 3)
    ]
    mention = ranking_words(
        place_word=place_word,
        numbering=numbering,
        mention_word=mention_word,
        level=RankingLevel.MENTION,
        position=1,
    )
    return gettext("%(places)s, … · honourable mentions: %(mention)s, …") % {
        "places": ", ".join(places),
        "mention": mention,
    }


class EvaluationEventForm(EditVersionForm):
    changed_message = EVENT_CHANGED

    class Meta:
        model = EvaluationEvent
        fields = [
            "title",
            "slug",
            "year",
            "held_on",
            "venue",
            "city",
            "description",
            "place_word",
            "place_numbering",
            "mention_word",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        words = self.fields
        if "place_word" in words:
            words["place_word"].help_text = _(
                "The word before a place, as the event's own report writes it: “Terbaik” gives "
                "“Terbaik Pertama”, “Juara” gives “Juara 1” (with numbering in digits)."
            )
        if "place_numbering" in words:
            words["place_numbering"].help_text = _(
                "In words: “Terbaik Pertama, Terbaik Kedua”; in digits: “Juara 1, Juara 2”."
            )
        if "mention_word" in words:
            words["mention_word"].help_text = _(
                "The word before an honourable mention's number: “Harapan” gives “Harapan 1”. "
                "Honourable mentions are never counted as medals."
            )
        if "held_on" in words:
            words["held_on"].help_text = _(
                "Leave empty when the source does not give the day: the year above is then what "
                "pages, files and certificates print (never a made-up date)."
            )
        # The example of the places as they will print, from the words as they stand now.
        event = self.instance
        example = places_example(
            place_word=event.place_word or "Terbaik",
            numbering=event.place_numbering or PlaceNumbering.WORDS,
            mention_word=event.mention_word or "Harapan",
        )
        if "place_numbering" in words:
            words["place_numbering"].help_text = format_html(
                '{} {} <strong class="places-example">{}</strong>',
                words["place_numbering"].help_text,
                gettext("As saved now:"),
                example,
            )


class CopyAwardsForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy from the event"),
        queryset=EvaluationEvent.objects.none(),
        help_text=_(
            "Its awards and their categories are copied: titles, channels, office kinds, numbers of "
            "places and honourable mentions. No places are copied. Awards this event already has "
            "(same title) are left as they are."
        ),
    )

    def __init__(self, *args, target: EvaluationEvent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            EvaluationEvent.objects.exclude(pk=target.pk)
            .annotate(award_count=Count("awards"))
            .filter(award_count__gt=0)
        )
        self.fields["source"].label_from_instance = lambda event: (
            ngettext(
                "%(event)s (%(year)s, %(count)d award)",
                "%(event)s (%(year)s, %(count)d awards)",
                event.award_count,
            )
            % {"event": event.title, "year": event.year, "count": event.award_count}
        )


class PublishForm(forms.Form):
    """Publishing a version: final at once, or provisional with an appeal window; a reason for
    every version after the first (awards.services.event_publish decides and explains)."""

    FINAL, PROVISIONAL = "final", "provisional"
    kind = forms.ChoiceField(
        label=_("publish as"),
        choices=[
            (FINAL, _("Final results")),
            (PROVISIONAL, _("Provisional results, open to objections until a deadline")),
        ],
        initial=FINAL,
        widget=forms.RadioSelect,
    )
    appeal_deadline = forms.DateTimeField(
        label=_("objections until (WITA)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text=_("Only for provisional results: the end of the appeal window (masa sanggah)."),
    )
    reason = forms.CharField(
        label=_("reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown publicly with the new version; needed for every version after the first."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for the withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown publicly at the event's address, which then answers “gone” (410)."),
    )


def _form_errors(form: forms.Form, error: ValidationError) -> None:
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


class ObjectionInline(admin.TabularInline):
    model = Objection
    extra = 0
    fields = ["received_on", "office", "summary", "decision", "decision_note"]
    autocomplete_fields = ["office"]
    verbose_name = _("objection received (sanggahan)")
    verbose_name_plural = _("objections received (sanggahan) during the appeal window")


@admin.register(EvaluationEvent)
class EvaluationEventAdmin(HistoryAdmin):
    form = EvaluationEventForm
    list_display = [
        "title",
        "year",
        "held_on",
        "city",
        "status",
        "published_at",
        "place_count",
        "winner_list",
    ]
    list_filter = ["status", "year", "city"]
    search_fields = ["title", "slug", "city", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "held_on"
    readonly_fields = ["status", "published_at", "winner_list", "certificates_zip_link", "copy_awards_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "year", "held_on", "venue", "city", "description"]}),
        (
            _("Results"),
            {
                "fields": [
                    "place_word",
                    "place_numbering",
                    "mention_word",
                    "notes",
                    "status",
                    "published_at",
                    "winner_list",
                    "version",
                ]
            },
        ),
        (_("Certificates"), {"fields": ["certificates_zip_link"]}),
        (_("Awards"), {"fields": ["copy_awards_link"]}),
    ]
    inlines = [SignatoryInline, AwardInline, ObjectionInline]
    # Only a first publication can be a list action: a correction or a withdrawal needs its reason,
    # given on the event's own publish and withdraw pages.
    actions = ["publish"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(place_count=Count("awards__rankings"))

    @admin.display(description=_("all certificates"))
    def certificates_zip_link(self, obj: EvaluationEvent) -> str:
        if obj.pk is None:
            return _("Save the event first.")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:awards_evaluationevent_certificates", kwargs={"pk": obj.pk}),
            _("Download every certificate of this event (ZIP: a PDF and a PNG per place)"),
        )

    def certificates_zip_view(self, request, pk: int):
        """Every certificate of the event in one ZIP, streamed: one certificate in memory at a time."""
        _require_certificate_permission(request)
        event = get_object_or_404(EvaluationEvent, pk=pk)
        if not self.has_view_permission(request, event):
            raise PermissionDenied
        state = event_certificates_state(event)
        if state.missing > zip_draw_limit():
            # Too many to draw within the worker's time: draw them first, send the ZIP when done.
            if not state.drawing:
                event_certificates_draw_later(event=event)
            context = {
                **self.admin_site.each_context(request),
                "title": _("Certificates of %(event)s") % {"event": event},
                "state": state,
                "ready": state.total - state.missing,
                "change_url": reverse("admin:awards_evaluationevent_change", args=[event.pk]),
            }
            return TemplateResponse(
                request, "admin/awards/evaluationevent/certificates_preparing.html", context, status=202
            )
        return event_certificates_response(event)

    @admin.display(description=_("places"), ordering="place_count")
    def place_count(self, obj: EvaluationEvent) -> int:
        return obj.place_count

    @admin.display(description=_("from an earlier event"))
    def copy_awards_link(self, obj: EvaluationEvent) -> str:
        if obj.pk is None:
            return _(
                "Save the event first; then its awards and categories can be copied from an earlier event."
            )
        return format_html(
            '<a href="{}" class="button copy-awards">{}</a>',
            reverse("admin:awards_evaluationevent_copy_awards", kwargs={"pk": obj.pk}),
            gettext("Copy awards and categories from an earlier event"),
        )

    def copy_awards_view(self, request, pk: int):
        """Give this event the awards and categories of an earlier one (no places)."""
        target = get_object_or_404(EvaluationEvent, pk=pk)
        if not (
            self.has_change_permission(request, target)
            and request.user.has_perm("awards.add_award")
            and request.user.has_perm("awards.add_category")
        ):
            raise PermissionDenied
        change_url = reverse("admin:awards_evaluationevent_change", args=[target.pk])
        form = CopyAwardsForm(request.POST or None, target=target)
        if request.method == "POST" and form.is_valid():
            source = form.cleaned_data["source"]
            copied = event_awards_copy(source=source, target=target, by=request.user)
            if copied:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d award copied from “%(source)s” with its categories: %(awards)s. "
                        "Open one with “categories and places” to enter its places.",
                        "%(count)d awards copied from “%(source)s” with their categories: %(awards)s. "
                        "Open one with “categories and places” to enter its places.",
                        len(copied),
                    )
                    % {
                        "count": len(copied),
                        "source": source,
                        "awards": ", ".join(award.title for award in copied),
                    },
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    gettext("Nothing copied: this event already has every award of “%(source)s”.")
                    % {"source": source},
                    messages.WARNING,
                )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Copy awards and categories into “%(event)s”") % {"event": target},
            "opts": self.opts,
            "original": target,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/awards/evaluationevent/copy_awards.html", context)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Award:
            return super().save_formset(request, form, formset, change)
        # Awards are saved through the service (the event's lock and its “last changed”).
        save_rows_through(
            formset,
            parent=("event", form.instance),
            save=lambda award, row: award_save(award=award, by=request.user),
        )
        request._awards_added = formset.new_objects
        return None

    def _say_next_step(self, request) -> None:
        # After adding awards in the table, say where their categories and places are entered.
        for award in getattr(request, "_awards_added", []):
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    gettext("The award “%(award)s” was added.") % {"award": award},
                    reverse("admin:awards_award_change", args=[award.pk]),
                    gettext("Enter its categories and places"),
                ),
                messages.SUCCESS,
            )

    def response_add(self, request, obj, post_url_continue=None):
        self._say_next_step(request)
        return super().response_add(request, obj, post_url_continue)

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/certificates.zip",
                self.admin_site.admin_view(self.certificates_zip_view),
                name="awards_evaluationevent_certificates",
            ),
            path(
                "<int:pk>/copy-awards/",
                self.admin_site.admin_view(self.copy_awards_view),
                name="awards_evaluationevent_copy_awards",
            ),
            path(
                "<int:object_id>/winners.<str:fmt>",
                self.admin_site.admin_view(self.winner_list_view),
                name="awards_evaluationevent_winners",
            ),
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="awards_evaluationevent_publish",
            ),
            path(
                "<int:pk>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="awards_evaluationevent_withdraw",
            ),
        ]
        return urls + super().get_urls()

    @admin.display(description=_("winner list"))
    def winner_list(self, obj: EvaluationEvent) -> str:
        if obj.pk is None:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}" download>{}</a>',
            (
                (reverse("admin:awards_evaluationevent_winners", args=[obj.pk, fmt]), fmt)
                for fmt in EXPORT_FORMATS
            ),
        )

    def winner_list_view(self, request, object_id: int, fmt: str) -> HttpResponse:
        """The event's winner list as a file, drafts included, for those who may export places."""
        if not request.user.has_perm("awards.export_ranking"):
            raise PermissionDenied
        if fmt not in EXPORT_FORMATS:
            raise Http404
        event = get_object_or_404(EvaluationEvent, pk=object_id)
        return HttpResponse(
            winner_list_file(Ranking.objects.filter(award__event=event), fmt, title=event.slug),
            content_type=EXPORT_FORMATS[fmt],
            headers={
                "Content-Disposition": content_disposition_header(True, winner_list_filename(event, fmt))
            },
        )

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("awards.publish_evaluationevent")

    @admin.action(description=_("Publish the selected drafts (version 1, final)"), permissions=["publish"])
    @otp_required_for_publishing
    def publish(self, request, queryset) -> None:
        count = 0
        for event in queryset.filter(status=EventStatus.DRAFT):
            event_publish(event=event, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d event published.", "%(count)d events published.", count) % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change) -> None:
        seen = (form.cleaned_data.get("version") or None) if change else None
        event_save(event=obj, seen_version=seen, by=request.user)

    def response_change(self, request, obj):
        self._say_next_step(request)
        if self.has_publish_permission(request) and "_publish" in request.POST:
            if not user_is_verified(request):
                return two_factor_redirect(request)
            if obj.status == EventStatus.DRAFT and not obj.versions.exists():
                event_publish(event=obj, by=request.user)
                self.message_user(request, _("“%(event)s” is published.") % {"event": obj}, messages.SUCCESS)
                return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(reverse("admin:awards_evaluationevent_publish", args=[obj.pk]))
        return super().response_change(request, obj)

    @otp_required_for_publishing
    def publish_view(self, request, pk: int):
        """Publish the next version: the differences from the published one, then final or
        provisional, and the reason of a correction."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        event = get_object_or_404(EvaluationEvent, pk=pk)
        change_url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
        current = PublishedVersion.objects.filter(event=event, is_current=True).first()
        draft = versions.snapshot_page(versions.event_snapshot(event), event)
        changes = versions.version_changes(versions.version_page(current), draft) if current else []
        form = PublishForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            final = form.cleaned_data["kind"] == PublishForm.FINAL
            try:
                version = event_publish(
                    event=event,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    final=final,
                    appeal_deadline=form.cleaned_data["appeal_deadline"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                self.message_user(
                    request,
                    _("Version %(number)d of “%(event)s” is published.")
                    % {"number": version.number, "event": event},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        return self._publish_page(
            request,
            event,
            form,
            title=_("Publish “%(event)s”") % {"event": event},
            current=current,
            changes=[versions.change_words(change) for change in changes],
            withdraw=False,
        )

    @otp_required_for_publishing
    def withdraw_view(self, request, pk: int):
        """Withdraw the published results, with the reason the public is given."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        event = get_object_or_404(EvaluationEvent, pk=pk)
        change_url = reverse("admin:awards_evaluationevent_change", args=[event.pk])
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                event_withdraw(event=event, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                _form_errors(form, error)
            else:
                self.message_user(
                    request,
                    _("“%(event)s” is withdrawn; its address now gives the reason.") % {"event": event},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        return self._publish_page(
            request, event, form, title=_("Withdraw “%(event)s”") % {"event": event}, withdraw=True
        )

    def _publish_page(self, request, event: EvaluationEvent, form: forms.Form, **context) -> TemplateResponse:
        """The page of the publish and withdraw forms (templates/admin/…/publish.html)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": event,
            "change_url": reverse("admin:awards_evaluationevent_change", args=[event.pk]),
            "form": form,
            **context,
        }
        return TemplateResponse(request, "admin/awards/evaluationevent/publish.html", context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_publish": self.has_publish_permission(request)}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PlacesConflict as exc:
            # The admin's transaction has rolled back everything this request wrote.
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class RankingAdminForm(EditVersionForm, PlaceRulesForm):
    changed_message = PLACE_CHANGED

    class Meta:
        model = Ranking
        fields = ["category", "office", "level", "position", "is_shared", "score", "citation"]

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        problems = ranking_problems(ranking=self.instance)
        for problem in problems:
            self.add_error(problem.field, problem.message)
        ranking = self.instance
        clash = (
            Ranking.objects.filter(category=ranking.category, level=ranking.level, position=ranking.position)
            .exclude(pk=ranking.pk)
            .exists()
        )
        if clash and any(problem.field == "position" for problem in problems):
            # This form holds one place, so it cannot tick the other holder as well; the other
            # holder is in this same category (two categories never clash).
            self.add_error(
                "position",
                _(
                    "For a joint place, open the award “%(award)s”, tick “shared place” on both "
                    "places in its table of places, and save them together."
                )
                % {"award": ranking.category.award},
            )


@admin.display(description=_("award"), ordering="category__award__title")
def ranking_award(obj: Ranking) -> str:
    return obj.category.award.title


@admin.display(description=_("category"), ordering="category__title")
def ranking_category(obj: Ranking) -> str:
    return obj.category.title


@admin.register(Ranking)
class RankingAdmin(SpreadsheetAdminMixin, HistoryAdmin):
    form = RankingAdminForm
    list_display = [
        ranking_award,
        ranking_category,
        "level",
        "position",
        "office",
        "is_shared",
        "score",
        certificate_links,
    ]
    list_display_links = ["position", "office"]
    list_filter = ["award__event", "award", "level", "is_shared"]
    list_select_related = ["category__award__event", "office__kind"]
    ordering = RANKING_ORDER
    search_fields = ["office__name", "office__short_name", "category__title", "award__title"]
    autocomplete_fields = ["office"]
    fields = [
        "category",
        "office",
        "level",
        "position",
        "is_shared",
        "score",
        "citation",
        "version",
        "trust_trail",
    ]
    readonly_fields = ["trust_trail"]
    resource_classes = [RankingResource]

    @admin.display(description=_("trust trail"))
    def trust_trail(self, obj: Ranking) -> str:
        """Who entered this place and when, its earlier values, and every published version that
        gave it (with its verification code and score): what a committee member answers a
        question about a published place with."""
        if obj.pk is None:
            return "—"
        records = list(obj.history.select_related("history_user").order_by("history_date"))
        levels = dict(RankingLevel.choices)
        rows = [
            (
                record.history_date.strftime("%Y-%m-%d %H:%M"),
                {"+": _("entered"), "~": _("changed"), "-": _("deleted")}[record.history_type],
                record.history_user.get_username()
                if record.history_user
                else _("(no account: import or script)"),
                f"{levels.get(record.level, record.level)} {record.position}"
                + (" (" + str(_("shared")) + ")" if record.is_shared else "")
                + (f", {_('score')} {record.score}" if record.score is not None else ""),
            )
            for record in records
        ]
        published = list(
            VersionPlace.objects.filter(ranking_id=obj.pk)
            .select_related("version")
            .order_by("version__number")
        )
        history = format_html_join("", "<li>{} — {} — {}: {}</li>", rows) or format_html("<li>—</li>")
        shown = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({}) — {} {} · {}{}</li>',
            (
                (
                    place.version.get_absolute_url(),
                    _("version %(number)d") % {"number": place.version.number},
                    place.version.published_at.strftime("%Y-%m-%d %H:%M"),
                    levels.get(place.level, place.level),
                    place.position,
                    _("code %(code)s") % {"code": place.code},
                    f" · {_('score')} {place.data['score']}" if place.data.get("score") else "",
                )
                for place in published
            ),
        ) or format_html("<li>{}</li>", _("Not published yet."))
        return format_html(
            "<p>{}</p><ul>{}</ul><p>{}</p><ul>{}</ul>",
            _("Entered and changed:"),
            history,
            _("Published in:"),
            shown,
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "category":
            # Grouped by event and award: “OPD” of which award is then plain to see.
            groups: dict[Award, list[tuple[int, str]]] = {}
            categories = Category.objects.select_related("award__event").order_by(
                "-award__event__year",
                "award__event__title",
                "award__order",
                "award_id",
                "order",
                "pk",
            )
            for category in categories:
                groups.setdefault(category.award, []).append((category.pk, category.title))
            field.choices = [("", "---------")] + [
                (f"{award.event.title} — {award.title}", options) for award, options in groups.items()
            ]
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field

    def export_file(self, queryset, fmt: str) -> bytes:
        return winner_list_file(queryset, fmt)

    def get_export_filename(self, request, queryset, file_format):
        events = list(
            EvaluationEvent.objects.filter(pk__in=queryset.values("award__event_id")).order_by()[:2]
        )
        event = events[0] if len(events) == 1 else None
        return winner_list_filename(event, file_format.get_extension())

    def save_model(self, request, obj, form, change) -> None:
        seen = (form.cleaned_data.get("version") or None) if change else None
        ranking_save(ranking=obj, seen_version=seen, by=request.user)

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/certificate.<certfmt:fmt>",
                self.admin_site.admin_view(self.certificate_view),
                name="awards_ranking_certificate",
            ),
        ]
        return urls + super().get_urls()

    def certificate_view(self, request, pk: int, fmt: str):
        """One place's certificate, drafts included (the committee checks them before publishing)."""
        _require_certificate_permission(request)
        ranking = get_object_or_404(
            Ranking.objects.select_related(
                "category__award__event", "category__award__channel", "office__kind"
            ),
            pk=pk,
        )
        return rendered_response(ranking, f"certificate-{fmt}", attachment=True)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PlacesConflict as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Signatory)
class SignatoryAdmin(HistoryAdmin):
    list_display = ["name", "title", "event", "order"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name", "title", "event__title"]
    fields = ["event", "order", "name", "title"]
