from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awards.models import EvaluationEvent, EventStatus, Ranking, Signatory
from awards.resources import RankingResource, winner_list_file, winner_list_filename
from awards.services import (
    PlacesConflict,
    event_places_save,
    event_publish,
    event_unpublish,
    places_check,
    ranking_problems,
    ranking_save,
)
from smartcity_awards.spreadsheet_admin import SpreadsheetAdminMixin
from smartcity_awards.spreadsheets import EXPORT_FORMATS


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
        for problem in places_check(places=self.instance.places_per_category, rows=rows):
            problem.key.add_error(problem.field, problem.message)


class RankingInline(admin.TabularInline):
    model = Ranking
    formset = RankingInlineFormSet
    fields = ["channel", "office", "position", "is_shared", "score", "citation"]
    autocomplete_fields = ["office"]
    extra = 0
    show_change_link = True
    verbose_name = _("place")
    verbose_name_plural = _("places (channel, office, position)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel", "office", "event").in_display_order()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "channel":
            # Evaluated once per page instead of once per row of the inline.
            field.choices = list(field.choices)
        return field


class SignatoryInline(admin.TabularInline):
    model = Signatory
    fields = ["order", "name", "title"]
    extra = 0


@admin.register(EvaluationEvent)
class EvaluationEventAdmin(admin.ModelAdmin):
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
    readonly_fields = ["status", "published_at", "winner_list"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "year", "held_on", "venue", "city", "description"]}),
        (
            _("Results"),
            {"fields": ["places_per_category", "notes", "status", "published_at", "winner_list"]},
        ),
    ]
    inlines = [SignatoryInline, RankingInline]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(place_count=Count("rankings"))

    @admin.display(description=_("places"), ordering="place_count")
    def place_count(self, obj: EvaluationEvent) -> int:
        return obj.place_count

    def get_urls(self):
        urls = super().get_urls()
        download = path(
            "<int:object_id>/winners.<str:fmt>",
            self.admin_site.admin_view(self.winner_list_view),
            name="awards_evaluationevent_winners",
        )
        return [download, *urls]

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
        response = HttpResponse(
            winner_list_file(Ranking.objects.filter(event=event), fmt, title=event.slug),
            content_type=EXPORT_FORMATS[fmt],
        )
        response["Content-Disposition"] = f'attachment; filename="{winner_list_filename(event, fmt)}"'
        return response

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

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Ranking:
            return super().save_formset(request, form, formset, change)
        changed = formset.save(commit=False)
        event_places_save(
            event=form.instance, changed=changed, deleted=formset.deleted_objects, by=request.user
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PlacesConflict as exc:
            # The admin's transaction has rolled back everything this request wrote.
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class RankingAdminForm(forms.ModelForm):
    class Meta:
        model = Ranking
        fields = ["event", "channel", "office", "position", "is_shared", "score", "citation"]

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        for problem in ranking_problems(ranking=self.instance):
            self.add_error(problem.field, problem.message)


@admin.register(Ranking)
class RankingAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    form = RankingAdminForm
    list_display = ["event", "channel", "office_kind", "position", "office", "is_shared", "score"]
    list_display_links = ["position", "office"]
    list_filter = ["event", "channel", "office_kind", "position", "is_shared"]
    list_select_related = ["event", "channel", "office"]
    search_fields = ["office__name", "office__short_name"]
    autocomplete_fields = ["office"]
    fields = ["event", "channel", "office", "position", "is_shared", "score", "citation"]
    resource_classes = [RankingResource]

    def export_file(self, queryset, fmt: str) -> bytes:
        return winner_list_file(queryset, fmt)

    def get_export_filename(self, request, queryset, file_format):
        events = list(EvaluationEvent.objects.filter(pk__in=queryset.values("event_id")).order_by()[:2])
        event = events[0] if len(events) == 1 else None
        return winner_list_filename(event, file_format.get_extension())

    def save_model(self, request, obj, form, change) -> None:
        ranking_save(ranking=obj, by=request.user)
