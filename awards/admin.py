from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awards import converters  # noqa: F401  (registers the path converters used below)
from awards.certificates.storage import (
    event_certificates_draw_later,
    event_certificates_response,
    event_certificates_state,
    rendered_response,
    zip_draw_limit,
)
from awards.models import Award, Category, EvaluationEvent, EventStatus, Ranking, Signatory
from awards.resources import RankingResource, winner_list_file, winner_list_filename
from awards.services import (
    EVENT_CHANGED,
    PLACE_CHANGED,
    PlacesConflict,
    award_save,
    category_save,
    edit_version,
    event_places_check,
    event_places_save,
    event_publish,
    event_save,
    event_unpublish,
    ranking_problems,
    ranking_save,
)
from common.history import HistoryAdmin
from common.spreadsheet_admin import SpreadsheetAdminMixin
from common.spreadsheets import EXPORT_FORMATS


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
        for problem in event_places_check(self.instance.event, rows):
            problem.key.add_error(problem.field, problem.message)


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


class RankingInline(admin.TabularInline):
    model = Ranking
    formset = RankingInlineFormSet
    fields = ["category", "office", "level", "position", "is_shared", "score", "citation", certificate_links]
    readonly_fields = [certificate_links]
    autocomplete_fields = ["office"]
    extra = 0
    show_change_link = True
    verbose_name = _("place")
    verbose_name_plural = _("places (category, office, position)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("category__award__event", "office__kind")
            .in_display_order()
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "category":
            # Evaluated once per page instead of once per row of the inline.
            field.choices = list(field.choices)
        return field

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("category", "office"):
            # Each row's four buttons (edit, add, delete, view the channel or office) made the
            # table wider than a laptop screen; channels and offices have their own pages.
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field


class AwardInline(admin.TabularInline):
    model = Award
    fields = ["order", "title", "channel"]
    extra = 0
    show_change_link = True
    verbose_name_plural = _("awards (open one to enter its categories and places)")


class CategoryInline(admin.TabularInline):
    model = Category
    fields = ["order", "title", "kinds", "places", "mentions"]
    extra = 0
    formfield_overrides = {}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "kinds":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Award)
class AwardAdmin(HistoryAdmin):
    list_display = ["title", "event", "channel", "order"]
    list_filter = ["event", "channel"]
    list_select_related = ["event", "channel"]
    search_fields = ["title", "event__title"]
    fields = ["event", "title", "channel", "order"]
    inlines = [CategoryInline, RankingInline]

    def save_model(self, request, obj, form, change) -> None:
        award_save(award=obj, by=request.user)

    def save_related(self, request, form, formsets, change) -> None:
        form.save_m2m()
        for formset in formsets:
            if formset.model is Category:
                for category_form in formset.forms:
                    if formset.can_delete and formset._should_delete_form(category_form):
                        continue
                    if category_form.has_changed() or category_form.instance.pk is None:
                        if not category_form.has_changed():
                            continue
                        category = category_form.save(commit=False)
                        category_save(
                            category=category, kinds=category_form.cleaned_data["kinds"], by=request.user
                        )
                for deleted in formset.deleted_forms:
                    if deleted.instance.pk is not None:
                        deleted.instance.delete()
        for formset in formsets:
            if formset.model is Ranking:
                changed = formset.save(commit=False)
                event_places_save(
                    event=form.instance.event,
                    changed=changed,
                    deleted=formset.deleted_objects,
                    by=request.user,
                )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PlacesConflict as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class SignatoryInline(admin.TabularInline):
    model = Signatory
    fields = ["order", "name", "title"]
    extra = 0


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
    readonly_fields = ["status", "published_at", "winner_list", "certificates_zip_link"]
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
    ]
    inlines = [SignatoryInline, AwardInline]
    actions = ["publish", "unpublish"]

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

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/certificates.zip",
                self.admin_site.admin_view(self.certificates_zip_view),
                name="awards_evaluationevent_certificates",
            ),
            path(
                "<int:object_id>/winners.<str:fmt>",
                self.admin_site.admin_view(self.winner_list_view),
                name="awards_evaluationevent_winners",
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

    @admin.action(description=_("Publish the selected events"), permissions=["publish"])
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

    @admin.action(description=_("Unpublish the selected events (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset) -> None:
        count = 0
        for event in queryset.filter(status=EventStatus.PUBLISHED):
            event_unpublish(event=event, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d event unpublished.", "%(count)d events unpublished.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change) -> None:
        seen = (form.cleaned_data.get("version") or None) if change else None
        event_save(event=obj, seen_version=seen, by=request.user)

    def response_change(self, request, obj):
        if self.has_publish_permission(request):
            if "_publish" in request.POST:
                event_publish(event=obj, by=request.user)
                self.message_user(request, _("“%(event)s” is published.") % {"event": obj}, messages.SUCCESS)
                return HttpResponseRedirect(request.path)
            if "_unpublish" in request.POST:
                event_unpublish(event=obj, by=request.user)
                self.message_user(
                    request,
                    _("“%(event)s” is a draft again; the public no longer sees it.") % {"event": obj},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_publish": self.has_publish_permission(request)}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PlacesConflict as exc:
            # The admin's transaction has rolled back everything this request wrote.
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class RankingAdminForm(EditVersionForm):
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
        if any(problem.field == "position" for problem in problems):
            # This form holds one place, so it cannot tick the other holder as well.
            self.add_error(
                "position",
                _(
                    "For a joint place, open the award “%(event)s”, tick “shared place” on both "
                    "places in its table of places, and save them together."
                )
                % {"event": self.instance.category.award},
            )


@admin.register(Ranking)
class RankingAdmin(SpreadsheetAdminMixin, HistoryAdmin):
    form = RankingAdminForm
    list_display = [
        "award",
        "category",
        "level",
        "position",
        "office",
        "is_shared",
        "score",
        certificate_links,
    ]
    list_display_links = ["position", "office"]
    list_filter = ["award__event", "award", "level", "position", "is_shared"]
    list_select_related = ["category__award__event", "office__kind"]
    search_fields = ["office__name", "office__short_name"]
    autocomplete_fields = ["office"]
    fields = ["category", "office", "level", "position", "is_shared", "score", "citation", "version"]
    resource_classes = [RankingResource]

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
