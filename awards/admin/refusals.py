"""A save that a service refuses is shown again with what was typed, and why it was refused.

The services check again under the event's lock what the forms checked before (a change saved
at the same time, a category narrowed under its places). When they refuse, the admin's
transaction has rolled back everything the request wrote; the page is then built once more from
the same input by Django's own view, with the refusal on the form so that nothing is saved.
"""

from contextvars import ContextVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse

from awards.services import PlacesConflict, PlacesLocked

# The refusal of the save being shown again, for the forms made while it is shown (this thread or
# task only, and only for that second pass).
_refusal: ContextVar[str | None] = ContextVar("awards_admin_refusal", default=None)


class RefusalShownOnForm:
    """For a ModelAdmin whose saves go through services that may refuse them."""

    def refusal_message(self, error: Exception) -> str:
        if isinstance(error, ValidationError):
            return " ".join(error.messages)
        return str(error)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (PlacesConflict, ValidationError) as error:
            if request.method != "POST":
                raise
            token = _refusal.set(self.refusal_message(error))
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            finally:
                _refusal.reset(token)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        message = _refusal.get()
        if message is None:
            return form

        class Refused(form):
            def clean(self):
                super().clean()
                raise ValidationError(message, code="refused")

        return Refused


class DeleteRefusalShown:
    """For a ModelAdmin whose deletes go through services that may refuse them (a place, a
    category or an award whose places were finalised from the judging): the delete page and the
    list's bulk delete say why, with nothing deleted, instead of failing."""

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except PlacesLocked as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            )

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        try:
            # All of a bulk delete or none of it: a refused row undoes the rows deleted before it.
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changelist_view(request, extra_context)
        except PlacesLocked as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
