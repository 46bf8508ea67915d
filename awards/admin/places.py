"""The admin's pages of places: one place's page with its trust trail, and its certificate."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from awards import (
    converters,  # noqa: F401  (registers the path converters used below)
)
from awards.certificates.storage import rendered_response
from awards.forms import RankingAdminForm
from awards.models import RANKING_ORDER, Award, Category, EvaluationEvent, Ranking, RankingLevel, VersionPlace
from awards.resources import RankingResource, winner_list_file, winner_list_filename
from awards.services import PlacesConflict, ranking_save
from common.history import HistoryAdmin
from common.spreadsheet_admin import SpreadsheetAdminMixin


def require_certificate_permission(request) -> None:
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
        require_certificate_permission(request)
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
