"""The admin's page of signatories."""

from django.contrib import admin

from awards.forms import SignatoryForm
from awards.models import Signatory
from common.history import HistoryAdmin


@admin.register(Signatory)
class SignatoryAdmin(HistoryAdmin):
    list_display = ["name", "title", "event", "order"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name", "title", "event__title"]
    form = SignatoryForm
    fields = ["event", "order", "name", "title", "nip", "signature", "stamp"]
