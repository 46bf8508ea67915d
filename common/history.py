"""History of changes (django-simple-history): the admin's read-only view and bulk writes.

Every model the committee edits has ``history = HistoricalRecords()``. A plain ``save()`` or
``delete()`` writes a history record with the user of the current request (set by
HistoryRequestMiddleware) or the ``_history_user`` set on the instance. Queryset ``update()`` and
``bulk_create()`` write no history: code that writes many rows at once (spreadsheet imports)
uses the two functions below instead.
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

# Every change moves these; listing them on each line of the history says nothing.
_TIMESTAMPS = {"created_at", "updated_at"}


def _shown(record, field):
    try:
        return getattr(record, field.name)
    except ObjectDoesNotExist:
        # The related row was deleted since; its id is what is left to show.
        return getattr(record, field.attname)


def history_delta(new, old, *, foreign_keys_are_objs: bool = False) -> ModelDelta:
    """What changed from history record ``old`` to ``new``, over every tracked field.

    simple-history's ``diff_against`` compares only editable fields, which would hide changes
    that matter here: an event's publication time and a place's office kind are not editable.
    The timestamps are left out: every change moves them.
    """
    changes = []
    for field in new.tracked_fields:
        if field.name in _TIMESTAMPS:
            continue
        before, after = getattr(old, field.attname), getattr(new, field.attname)
        if before == after:
            continue
        if foreign_keys_are_objs and field.is_relation:
            before, after = _shown(old, field), _shown(new, field)
        changes.append(ModelChange(field.name, before, after))
    return ModelDelta(changes, [c.field for c in changes], old, new)


EMPTY = "—"


def history_value(field: models.Field, value: Any) -> str:
    """A value as the admin's forms and lists show it, for the secretary rather than a programmer.

    The choice's label instead of its code, Yes/No, the related object's name, times in the
    site's time zone and numbers and dates in the active language's format (no microseconds).
    """
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date | Decimal | float | int):
        return str(formats.localize(value))
    return str(value)


class HistoryContextHelper(HistoricalRecordContextHelper):
    """simple-history's formatting of a change, with each value shown by ``history_value``."""

    def prepare_delta_change_value(self, change: ModelChange, value: Any) -> Any:
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        return history_value(field, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """Adds the “History” page with who, when and each field's before and after.

    Reverting from the history page would save an old version past the services and their rules
    (SIMPLE_HISTORY_REVERT_DISABLED hides the button; this refuses the POST as well).
    """

    def get_historical_record_context_helper(self, request, historical_record) -> HistoryContextHelper:
        return HistoryContextHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # As simple-history does, newest first, but comparing non-editable fields too.
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = history_delta(previous, current, foreign_keys_are_objs=foreign_keys_are_objs)
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def history_view(self, request, object_id, extra_context=None):
        # Each record's author links to their user page; the committee may not open user pages,
        # so for them the author is plain text rather than a link to a 403. ({% url ... as %}
        # in simple-history's template gives no link for a name that does not resolve.)
        try:
            may_open = self.admin_site.get_model_admin(get_user_model()).has_view_or_change_permission(
                request
            )
        except NotRegistered:
            may_open = False
        if not may_open:
            extra_context = {**(extra_context or {}), "admin_user_view": ""}
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def history_bulk_create(
    *, model: type[models.Model], objs: Sequence[models.Model], by, reason: str = "", batch_size: int = 500
) -> list[models.Model]:
    """``bulk_create`` that also writes one history record per row, made by ``by``.

    Like ``bulk_create`` it calls no ``save()``: run ``full_clean()`` on each object first, which
    also does what ``save()`` would (normalised office names, a place's office kind).
    """
    return bulk_create_with_history(
        list(objs), model, batch_size=batch_size, default_user=by, default_change_reason=reason or None
    )


def history_bulk_update(
    *,
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: Sequence[str],
    by,
    reason: str = "",
    batch_size: int = 500,
) -> int:
    """``bulk_update`` that also writes one history record per row, made by ``by``.

    ``updated_at`` is not set by ``bulk_update``; it is stamped here so “last changed” stays true.
    """
    objs = list(objs)
    fields = list(fields)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        if "updated_at" not in fields:
            fields.append("updated_at")
    return bulk_update_with_history(
        objs, model, fields, batch_size=batch_size, default_user=by, default_change_reason=reason or None
    )
