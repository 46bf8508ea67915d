"""The admin's page of an evaluation event: its signatories, awards and objections."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from awards import versions
from awards.admin.awards import save_rows_through
from awards.admin.places import require_certificate_permission
from awards.certificates.storage import (
    event_certificates_draw_later,
    event_certificates_response,
    event_certificates_state,
    zip_draw_limit,
)
from awards.forms import CopyAwardsForm, EvaluationEventForm, PublishForm, WithdrawForm, form_errors
from awards.models import (
    Award,
    Category,
    EvaluationEvent,
    EventStatus,
    Objection,
    PublishedVersion,
    Ranking,
    Signatory,
)
from awards.resources import winner_list_file, winner_list_filename
from awards.services import (
    PlacesConflict,
    award_save,
    event_awards_copy,
    event_publish,
    event_save,
    event_withdraw,
)
from common.history import HistoryAdmin
from common.spreadsheets import EXPORT_FORMATS


class SignatoryInline(admin.TabularInline):
    model = Signatory
    fields = ["order", "name", "title"]
    extra = 0


def _category_summary(category: Category) -> str:
    kinds = ", ".join(kind.name for kind in category.kinds.all())
    counts = ngettext("%(count)d place", "%(count)d places", category.places) % {"count": category.places}
    if category.mentions:
        counts += ", " + ngettext(
            "%(count)d honourable mention", "%(count)d honourable mentions", category.mentions
        ) % {"count": category.mentions}
    return f"{category.title} ({kinds}: {counts})"


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
        require_certificate_permission(request)
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
            if obj.status == EventStatus.DRAFT and not obj.versions.exists():
                event_publish(event=obj, by=request.user)
                self.message_user(request, _("“%(event)s” is published.") % {"event": obj}, messages.SUCCESS)
                return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(reverse("admin:awards_evaluationevent_publish", args=[obj.pk]))
        return super().response_change(request, obj)

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
                form_errors(form, error)
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
                form_errors(form, error)
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
