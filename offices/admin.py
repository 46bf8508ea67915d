from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from offices.models import Channel, Office, OfficeAccount
from offices.resources import OfficeResource, office_register_file
from smartcity_awards.spreadsheet_admin import SpreadsheetAdminMixin


class OfficeAccountInline(admin.TabularInline):
    model = OfficeAccount
    extra = 0
    fields = ["channel", "handle"]
    show_change_link = True


@admin.register(Office)
class OfficeAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    list_display = ["display_name", "short_name", "kind", "parent", "is_active"]
    list_filter = ["kind", ("parent", admin.RelatedOnlyFieldListFilter), "is_active"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "short_name", "kind", "slug", "parent", "logo", "is_active"]
    inlines = [OfficeAccountInline]
    resource_classes = [OfficeResource]

    def export_file(self, queryset, fmt: str) -> bytes:
        return office_register_file(queryset, fmt)

    def get_export_filename(self, request, queryset, file_format):
        return f"instansi.{file_format.get_extension()}"

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj: Office) -> str:
        return obj.display_name


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "url_template"]
    search_fields = ["code", "name"]
    ordering = ["order", "name"]


@admin.register(OfficeAccount)
class OfficeAccountAdmin(admin.ModelAdmin):
    list_display = ["office", "channel", "handle"]
    list_filter = ["channel", "office__kind"]
    list_select_related = ["office", "channel"]
    search_fields = ["office__name", "office__short_name", "handle"]
    autocomplete_fields = ["office", "channel"]
