"""The committee's judging pages in the admin. Judges do not use the admin: they score under
/judging/. The committee sets up criteria, metrics and assignments here and follows progress on
/judging/<event>/committee/. Every save and delete goes through judging.services, which refuses
any change once the event's places are finalised."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from awards.models import Award
from awards.services import event_awards_copy
from common.spreadsheet_admin import SafeSpreadsheetMixin
from judging.models import (
    JUDGES_GROUP,
    SOCIAL_MEDIA_METRICS,
    WEBSITE_METRICS,
    AccountMetrics,
    Criterion,
    JudgeAssignment,
    Judging,
    Score,
)
from judging.resources import AccountMetricsResource
from judging.selectors.leaderboard import event_is_finalised
from judging.services import (
    account_metrics_save,
    criteria_copy,
    criteria_source_for,
    criterion_save,
    judge_assignment_save,
    judging_row_delete,
    judging_save,
    refuse_if_finalised,
)


class FrozenCheckForm(forms.ModelForm):
    """Names the freeze on the form (under “event”) before the save; the service checks again
    under the judging row's lock."""

    def _post_clean(self) -> None:
        super()._post_clean()
        # A criterion names its event through its award; the others name the event itself.
        field = "award" if isinstance(self.instance, Criterion) else "event"
        if field in self.errors or field not in self.fields:
            return
        try:
            refuse_if_finalised(event_id=self.instance.event_id, lock=False, field=field)
            if self.instance.pk is not None and field in self.changed_data:
                before = self.initial.get(field)
                if field == "award" and before is not None:
                    before = Award.objects.filter(pk=before).values_list("event_id", flat=True).first()
                refuse_if_finalised(event_id=before, lock=False, field=field)
        except ValidationError as exc:
            self._update_errors(exc)


class FrozenAfterFinaliseMixin:
    """Judging data of a finalised event is shown read-only: the places and the public breakdown
    were computed from it, and must stay explainable by it (judging.services holds the rule)."""

    form = FrozenCheckForm

    def _is_frozen(self, obj) -> bool:
        return obj is not None and obj.pk is not None and event_is_finalised(event_id=obj.event_id)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not self._is_frozen(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not self._is_frozen(obj)

    def delete_model(self, request, obj) -> None:
        judging_row_delete(obj=obj)

    def delete_queryset(self, request, queryset) -> None:
        try:
            with transaction.atomic():
                for obj in queryset:
                    judging_row_delete(obj=obj)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            # Finalised between the form's check and the save: the admin's transaction has rolled
            # back what this request wrote.
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Judging)
class JudgingAdmin(FrozenAfterFinaliseMixin, admin.ModelAdmin):
    list_display = [
        "event",
        "period_start",
        "period_end",
        "normalisation",
        "tie_break",
        "scores_locked_at",
        "finalised_at",
        "committee_page",
    ]
    list_filter = ["normalisation", "tie_break", "public_breakdown"]
    list_select_related = ["event"]
    search_fields = ["event__title", "event__slug"]
    autocomplete_fields = ["event"]
    readonly_fields = ["scores_locked_at", "finalised_at", "committee_page"]
    fields = [
        "event",
        "period_start",
        "period_end",
        "normalisation",
        "tie_break",
        "public_breakdown",
        "scores_locked_at",
        "finalised_at",
        "committee_page",
    ]
    actions = ["copy_previous_criteria"]

    def save_model(self, request, obj, form, change) -> None:
        judging_save(judging=obj)

    @admin.display(description=_("leaderboard and progress"))
    def committee_page(self, obj: Judging) -> str:
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("judging:committee", kwargs={"slug": obj.event.slug}),
            _("Open"),
        )

    @admin.action(description=_("Copy the criteria of the previous event into the selected events"))
    def copy_previous_criteria(self, request, queryset) -> None:
        for judging in queryset.select_related("event"):
            source = criteria_source_for(event=judging.event)
            if source is None:
                self.message_user(
                    request,
                    _("No earlier event with criteria for %(event)s.") % {"event": judging.event},
                    messages.WARNING,
                )
                continue
            try:
                with transaction.atomic():
                    # The criteria go into the awards of the same titles: those the event lacks
                    # are copied first, with their categories (awards.services).
                    event_awards_copy(source=source, target=judging.event, by=request.user)
                    copies = criteria_copy(source=source, target=judging.event)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(count)d criteria copied from %(source)s into %(event)s.")
                % {"count": len(copies), "source": source, "event": judging.event},
                messages.SUCCESS,
            )


@admin.register(Criterion)
class CriterionAdmin(FrozenAfterFinaliseMixin, admin.ModelAdmin):
    list_display = ["name", "award", "event", "channel", "kind", "formula", "weight", "max_points", "order"]
    list_filter = ["award__event", "award__channel", "kind"]
    list_select_related = ["award__event", "award__channel"]
    search_fields = ["name", "description", "award__title", "award__event__title"]
    autocomplete_fields = ["award"]
    fields = ["award", "name", "description", "kind", "formula", "weight", "max_points", "order"]

    @admin.display(description=_("event"), ordering="award__event")
    def event(self, obj: Criterion) -> str:
        return str(obj.award.event)

    @admin.display(description=_("channel"), ordering="award__channel__order")
    def channel(self, obj: Criterion) -> str:
        return str(obj.award.channel) if obj.award.channel_id else "—"

    def save_model(self, request, obj, form, change) -> None:
        criterion_save(criterion=obj)


@admin.register(AccountMetrics)
class AccountMetricsAdmin(FrozenAfterFinaliseMixin, SafeSpreadsheetMixin, admin.ModelAdmin):
    resource_classes = [AccountMetricsResource]
    list_display = ["account", "event", "channel", *SOCIAL_MEDIA_METRICS]
    list_filter = ["event", "account__channel", "account__office__kind"]
    list_select_related = ["event", "account__office__kind", "account__channel"]
    search_fields = ["account__office__name", "account__office__short_name", "account__handle"]
    autocomplete_fields = ["event", "account"]
    fieldsets = [
        (None, {"fields": ["event", "account"]}),
        (_("Social media"), {"fields": list(SOCIAL_MEDIA_METRICS)}),
        (_("Website"), {"fields": list(WEBSITE_METRICS)}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        account_metrics_save(metrics=obj)

    @admin.display(description=_("channel"), ordering="account__channel__order")
    def channel(self, obj: AccountMetrics) -> str:
        return str(obj.account.channel)


@admin.register(JudgeAssignment)
class JudgeAssignmentAdmin(FrozenAfterFinaliseMixin, admin.ModelAdmin):
    list_display = ["judge", "office", "event", "has_conflict", "conflict_note"]
    list_filter = ["event", "has_conflict", "office__kind"]
    list_select_related = ["judge", "office__kind", "event"]
    search_fields = ["judge__username", "judge__first_name", "judge__last_name", "office__name"]
    autocomplete_fields = ["event", "office"]
    fields = ["event", "judge", "office", "has_conflict", "conflict_note"]

    def save_model(self, request, obj, form, change) -> None:
        judge_assignment_save(assignment=obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "judge":
            kwargs["queryset"] = (
                get_user_model().objects.filter(groups__name=JUDGES_GROUP).order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    """Read-only for the committee: judges enter scores under /judging/ through score_save."""

    list_display = ["judge", "office", "criterion", "points", "note", "updated_at"]
    list_filter = ["criterion__award__event", "criterion__award", "office__kind"]
    list_select_related = ["judge", "office__kind", "criterion__award"]
    search_fields = ["office__name", "judge__username", "criterion__name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
