"""The admin's pages of places: the list of all places, and one place's page with its trust trail."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from awards.admin import hooks
from awards.admin.refusals import DeleteRefusalShown, RefusalShownOnForm
from awards.forms import RankingAdminForm
from awards.models import RANKING_ORDER, Award, Category, EvaluationEvent, Ranking
from awards.resources import RankingResource, winner_list_file, winner_list_filename
from awards.selectors import place_trust_trail
from awards.services import ranking_delete, ranking_save
from common.history import HistoryAdmin
from common.spreadsheet_admin import SpreadsheetAdminMixin


@admin.display(description=_("award"), ordering="category__award__title")
def ranking_award(obj: Ranking) -> str:
    return obj.category.award.title


@admin.display(description=_("category"), ordering="category__title")
def ranking_category(obj: Ranking) -> str:
    return obj.category.title


@admin.register(Ranking)
class RankingAdmin(DeleteRefusalShown, RefusalShownOnForm, SpreadsheetAdminMixin, HistoryAdmin):
    page_help = _(
        "Every place of every event. Places are entered on an award's page; here one place is "
        "corrected, its history read, and winner lists imported or exported."
    )
    form = RankingAdminForm
    list_display = [
        ranking_award,
        ranking_category,
        "level",
        "position",
        "office",
        "is_shared",
        "score",
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
        gave it (with its verification code and score)."""
        if obj.pk is None:
            return "—"
        context = {
            "entries": place_trust_trail(ranking_id=obj.pk),
            "versions": hooks.answers(hooks.place_admin_versions, ranking_id=obj.pk),
        }
        return render_to_string("admin/awards/ranking/_trust_trail.html", context)

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

    def delete_model(self, request, obj) -> None:
        ranking_delete(ranking=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for ranking in queryset:
            ranking_delete(ranking=ranking, by=request.user)

    def save_model(self, request, obj, form, change) -> None:
        seen = (form.cleaned_data.get("version") or None) if change else None
        ranking_save(ranking=obj, seen_version=seen, by=request.user)

    def get_urls(self):
        return hooks.answers(hooks.place_admin_urls, model_admin=self) + super().get_urls()

    def get_list_display(self, request):
        return [*super().get_list_display(request), *hooks.answers(hooks.place_admin_columns)]
