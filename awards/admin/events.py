"""The admin's page of an evaluation event: its signatories, awards and objections."""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from awards.admin import hooks
from awards.admin.awards import save_rows_through
from awards.admin.refusals import RefusalShownOnForm
from awards.forms import CopyAwardsForm, EvaluationEventForm, SignatoryForm
from awards.models import (
    Award,
    Category,
    EvaluationEvent,
    Objection,
    Signatory,
)
from awards.services import (
    award_delete,
    award_save,
    event_awards_copy,
    event_save,
)
from common.history import HistoryAdmin


class SignatoryInline(admin.StackedInline):
    model = Signatory
    form = SignatoryForm
    fields = [("order", "name"), ("title", "nip"), ("signature", "stamp")]
    extra = 0
    verbose_name_plural = _("signatories (one to three print well on a certificate)")


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
class EvaluationEventAdmin(RefusalShownOnForm, HistoryAdmin):
    page_help = _(
        "An event is one round of awards. Give its title and year (the day if known), then its "
        "awards below; save, then open an award's “categories and places”. When every place is "
        "entered, publish: final at once, or provisional with an appeal window."
    )
    form = EvaluationEventForm
    list_display = [
        "title",
        "year",
        "held_on",
        "city",
        "status",
        "published_at",
        "place_count",
    ]
    list_filter = ["status", "year", "city"]
    search_fields = ["title", "slug", "city", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "held_on"
    readonly_fields = ["status", "published_at", "copy_awards_link"]
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
                    "version",
                ]
            },
        ),
        (_("Certificates"), {"fields": ["certificate_design", "certificate_background"]}),
        (_("Awards"), {"fields": ["copy_awards_link"]}),
    ]
    inlines = [SignatoryInline, AwardInline, ObjectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(place_count=Count("awards__rankings"))

    # A published event's address is permanent (awards.services.event_save refuses a new one):
    # the page shows it as text rather than offering a field that could only be refused.
    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "slug"] if obj is not None and obj.published_at is not None else fields

    def get_prepopulated_fields(self, request, obj=None):
        return (
            {}
            if obj is not None and obj.published_at is not None
            else super().get_prepopulated_fields(request, obj)
        )

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
            delete=lambda award: award_delete(award=award, by=request.user),
        )
        return None

    def construct_change_message(self, request, form, formsets, add=False):
        # Called once everything is saved: after adding awards in the table, say where their
        # categories and places are entered.
        added = [award for formset in formsets if formset.model is Award for award in formset.new_objects]
        for award in added:
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
        return super().construct_change_message(request, form, formsets, add)

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/copy-awards/",
                self.admin_site.admin_view(self.copy_awards_view),
                name="awards_evaluationevent_copy_awards",
            ),
        ]
        return urls + hooks.answers(hooks.event_admin_urls, model_admin=self) + super().get_urls()

    def get_list_display(self, request):
        return [
            *super().get_list_display(request),
            *hooks.answers(hooks.event_admin_columns, model_admin=self),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if IS_POPUP_VAR in request.GET:
            return actions
        for action in hooks.answers(hooks.event_admin_actions, request=request):
            actions[action.__name__] = (action, action.__name__, action.short_description)
        return actions

    def response_change(self, request, obj):
        answer = hooks.first_answer(hooks.event_admin_saved, request=request, event=obj)
        return answer or super().response_change(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        seen = (form.cleaned_data.get("version") or None) if change else None
        event_save(event=obj, seen_version=seen, by=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        links = hooks.answers(hooks.event_admin_links, request=request, event=obj)
        sections: dict[str, list[hooks.AdminLink]] = {}
        for link in links:
            if link.section:
                sections.setdefault(link.section, []).append(link)
        context["event_buttons"] = [link for link in links if not link.section]
        context["event_link_sections"] = sections.items()
        return super().render_change_form(request, context, add, change, form_url, obj)
