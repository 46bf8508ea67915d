"""Spreadsheet import and export of account metrics (issue 7), through django-import-export.

Kept apart from the winner-list and office resources (awards/resources.py, offices/resources.py)
so that each stays one shape per file. One row per office account: the event's slug, the
office's slug, the channel's code, then the period's measurements.
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from awards.models import AccountMetrics, EvaluationEvent
from offices.models import OfficeAccount


class AccountWidget(widgets.ForeignKeyWidget):
    """The office account named by the row's office slug and this column's channel code."""

    def __init__(self) -> None:
        super().__init__(OfficeAccount, field="channel__code")

    @staticmethod
    def _office(row) -> str:
        row = row or {}
        return str(row.get(str(_("office")), row.get("office", "")) or "").strip()

    def get_queryset(self, value, row, *args, **kwargs):
        return OfficeAccount.objects.filter(office__slug=self._office(row))

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except OfficeAccount.DoesNotExist:
            raise ValueError(
                _("The office “%(office)s” has no account on the channel “%(channel)s”.")
                % {"office": self._office(row), "channel": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.channel.code if value else ""


class AccountMetricsResource(resources.ModelResource):
    event = fields.Field(
        attribute="event", column_name=_("event"), widget=widgets.ForeignKeyWidget(EvaluationEvent, "slug")
    )
    office = fields.Field(attribute="account__office__slug", column_name=_("office"), readonly=True)
    account = fields.Field(attribute="account", column_name=_("channel"), widget=AccountWidget())

    class Meta:
        model = AccountMetrics
        import_id_fields = ["event", "account"]
        fields = [
            "event",
            "office",
            "account",
            "followers_start",
            "followers_end",
            "posts",
            "likes",
            "comments",
            "shares",
            "replies",
            "days_since_update",
            "has_public_info_pages",
        ]
        skip_unchanged = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("event", "account__office", "account__channel")
