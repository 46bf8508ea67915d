"""Spreadsheet import and export of account metrics, through django-import-export.

One row per office account: the event's slug, the office's slug, the channel's code, then the
period's measurements. Every row is saved through account_metrics_save, so a finalised event's
metrics are refused here as in the admin.
"""

from decimal import Decimal, InvalidOperation

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from awards.models import EvaluationEvent
from awards.resources import parse_bool
from common.spreadsheets.cells import import_text
from judging.models import METRIC_FIELDS, AccountMetrics
from judging.services import account_metrics_save
from offices.lookup import OfficeLookup
from offices.models import OfficeAccount


class WholeNumberWidget(widgets.IntegerWidget):
    """A count; a cell that is no whole number is named in the message, not in Python's words."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        text = import_text(value)
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(number)


class YesNoWidget(widgets.BooleanWidget):
    """Yes or no, also in Indonesian (ya/tidak), as in the winner list."""

    def clean(self, value, row=None, **kwargs):
        return parse_bool(value)


class AccountWidget(widgets.ForeignKeyWidget):
    """The office account of the row's office (named as every import names an office: see
    offices.lookup) on this column's channel code."""

    def __init__(self) -> None:
        super().__init__(OfficeAccount, field="channel__code")
        # Read once per import, on the first row (each resource has its own copy of its fields).
        self.offices: OfficeLookup | None = None

    @staticmethod
    def _office_text(row) -> str:
        row = row or {}
        return import_text(row.get(str(_("office")), row.get("office", "")))

    def get_queryset(self, value, row, *args, **kwargs):
        if self.offices is None:
            self.offices = OfficeLookup.of_all_offices()
        office = self.offices.find(self._office_text(row))
        return OfficeAccount.objects.filter(office_id=office.pk)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except OfficeAccount.DoesNotExist:
            raise ValueError(
                _("The office “%(office)s” has no account on the channel “%(channel)s”.")
                % {"office": self._office_text(row), "channel": value}
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
        fields = ["event", "office", "account", *METRIC_FIELDS]
        skip_unchanged = True
        clean_model_instances = True

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if f.get_internal_type() == "BooleanField":
            return YesNoWidget
        if f.get_internal_type().endswith("IntegerField"):
            return WholeNumberWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        # The columns carry the names the admin shows (“Pengikut di awal”), not attribute names.
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = capfirst(django_field.verbose_name)
        return field

    def do_instance_save(self, instance, is_create):
        # A refusal (a finalised event) is a ValidationError: the row is shown as invalid with
        # the reason, and nothing of the file is written.
        account_metrics_save(metrics=instance)

    def get_queryset(self):
        return super().get_queryset().select_related("event", "account__office__kind", "account__channel")
