from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from offices.models import Channel, Office, OfficeAccount
from smartcity_awards.history import HistoryAdmin


class OfficeAccountInline(admin.TabularInline):
    model = OfficeAccount
    extra = 0
    fields = ["channel", "handle"]
    show_change_link = True


@admin.register(Office)
class OfficeAdmin(HistoryAdmin):
    list_display = ["display_name", "short_name", "kind", "parent", "is_active"]
    list_filter = ["kind", ("parent", admin.RelatedOnlyFieldListFilter), "is_active"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "short_name", "kind", "slug", "parent", "logo", "is_active"]
    inlines = [OfficeAccountInline]

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj: Office) -> str:
        return obj.display_name


@admin.register(Channel)
class ChannelAdmin(HistoryAdmin):
    list_display = ["name", "code", "order", "url_template"]
    search_fields = ["code", "name"]
    ordering = ["order", "name"]


@admin.register(OfficeAccount)
class OfficeAccountAdmin(HistoryAdmin):
    list_display = ["office", "channel", "handle"]
    list_filter = ["channel", "office__kind"]
    list_select_related = ["office", "channel"]
    search_fields = ["office__name", "office__short_name", "handle"]
    autocomplete_fields = ["office", "channel"]
