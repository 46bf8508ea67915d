import json

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.history import HistoryAdmin
from common.spreadsheet_admin import SpreadsheetAdminMixin
from offices.models import Channel, Government, Office, OfficeAccount, OfficeFormerName, OfficeKind
from offices.names import name_key
from offices.resources import OfficeResource, office_register_file
from offices.services import office_save


class LogoField(forms.FileField):
    """A logo upload, checked by its content and stored as a clean PNG (offices.images); the same
    for the other pictures certificates print (``stored_side``: the largest side kept)."""

    def __init__(self, *args, stored_side: int | None = None, **kwargs):
        self.stored_side = stored_side
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            from offices.images import LOGO_STORED_SIDE, logo_clean

            return logo_clean(value, stored_side=self.stored_side or LOGO_STORED_SIDE)
        return value


class OfficeAdminForm(forms.ModelForm):
    logo = LogoField(
        label=capfirst(_("logo")),
        required=False,
        help_text=_(
            "PNG, JPEG or WebP, at most 2 MB and 4000 × 4000 pixels. It is stored as a new PNG "
            "without the photo's metadata (camera, location)."
        ),
    )

    class Meta:
        model = Office
        fields = ["name", "short_name", "kind", "slug", "parent", "logo", "is_active"]
        help_texts = {
            "slug": _(
                "Used in the office's web address; letters, digits and hyphens. Left empty, it is "
                "made from the kind's printed word and the name (“kalurahan-pengasih”, "
                "“kapanewon-pengasih”)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"].label_from_instance = lambda kind: kind.label


class OfficeAccountInline(admin.TabularInline):
    model = OfficeAccount
    extra = 0
    fields = ["channel", "handle"]
    show_change_link = True


class OfficeFormerNameInline(admin.TabularInline):
    model = OfficeFormerName
    extra = 0
    fields = ["name", "until_year"]
    verbose_name_plural = _("former names (a rename adds the old name here)")

    # A former name is part of the office's record, as its short name is: whoever may edit the
    # office may edit its former names (as Django does for the auto-created rows of a
    # many-to-many field), so no group needs permissions of its own for them.
    def _office_permission(self, request, action: str) -> bool:
        return request.user.has_perm(f"offices.{action}_office")

    def has_view_permission(self, request, obj=None) -> bool:
        return self._office_permission(request, "view") or self._office_permission(request, "change")

    def has_add_permission(self, request, obj) -> bool:
        return self._office_permission(request, "change" if obj else "add")

    def has_change_permission(self, request, obj=None) -> bool:
        return self._office_permission(request, "change" if obj else "add")

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._office_permission(request, "change" if obj else "add")


class ParentListFilter(admin.RelatedOnlyFieldListFilter):
    """The parents that offices have, named with their kinds' words in one query (not one each)."""

    def field_choices(self, field, request, model_admin):
        held = model_admin.get_queryset(request).order_by().values("parent_id")
        parents = Office.objects.select_related("kind").filter(pk__in=held).order_by("name", "kind_id")
        return [(parent.pk, parent.display_name) for parent in parents]


@admin.register(Office)
class OfficeAdmin(SpreadsheetAdminMixin, HistoryAdmin):
    page_help = _(
        "The offices that take part. The name is written without its kind's word (“Pengasih” of "
        "kind Kalurahan prints “Kalurahan Pengasih”); an office missing from a ranking can also "
        "be written in the place's row on the award's page."
    )
    form = OfficeAdminForm
    list_display = ["display_name", "short_name", "kind", "parent", "is_active"]
    list_filter = ["kind", ("parent", ParentListFilter), "is_active"]
    list_select_related = ["kind", "parent__kind"]
    search_fields = ["name", "short_name", "slug", "former_names__name"]
    # No slug prefilled from the name as it is typed: “Pengasih” would be taken by the kapanewon
    # and refused to the kalurahan. Left empty, Office.save makes it from the kind's word and name.
    autocomplete_fields = ["parent"]
    fields = ["name", "short_name", "kind", "slug", "parent", "logo", "is_active"]
    inlines = [OfficeFormerNameInline, OfficeAccountInline]
    resource_classes = [OfficeResource]

    def export_file(self, queryset, fmt: str) -> bytes:
        return office_register_file(queryset, fmt)

    def get_export_filename(self, request, queryset, file_format):
        return f"instansi.{file_format.get_extension()}"

    def get_search_results(self, request, queryset, search_term):
        # Also the public search's rule (OfficeQuerySet.search): “Kelurahan Pelambuan” finds the
        # kelurahan stored as “Pelambuan”, in the list and in every office picker.
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found = found | queryset.search(search_term)
        return found, may_have_duplicates

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj: Office) -> str:
        return obj.display_name

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is OfficeFormerName:
            # The rename saved just before may have recorded a name also typed in a new row of
            # this table: the typed row (with its year) replaces the recorded one.
            office = form.instance
            typed = {
                name_key(row.cleaned_data["name"], office.prefix)
                for row in formset.extra_forms
                if row.has_changed() and row.cleaned_data.get("name")
            }
            recorded = [
                pk
                for pk, name in office.former_names.values_list("pk", "name")
                if name_key(name, office.prefix) in typed
            ]
            OfficeFormerName.objects.filter(pk__in=recorded).delete()
        super().save_formset(request, form, formset, change)

    def save_model(self, request, obj, form, change) -> None:
        old_logo = form.initial.get("logo")
        # The form has checked the office; the service keeps the old name when it is renamed.
        office_save(office=obj, by=request.user, validate=False)
        old_name = getattr(old_logo, "name", old_logo) or ""
        if "logo" in form.changed_data and old_name and old_name != obj.logo.name:
            # A replaced or cleared logo is removed with its thumbnails, not left behind.
            from offices.images import logo_files_delete

            logo_files_delete(old_name)


@admin.register(OfficeKind)
class OfficeKindAdmin(HistoryAdmin):
    """The kinds of office the committee keeps; a kind still held by offices cannot be deleted
    (PROTECT: the admin lists the offices that hold it)."""

    page_help = _(
        "Kinds of office (OPD, Kapanewon, Kalurahan, …) and the word each prints before its "
        "offices' names; a category of an award admits one or more kinds."
    )

    list_display = ["name", "code", "prefix", "order", "office_count"]
    search_fields = ["code", "name", "prefix"]
    ordering = ["order", "name"]
    fields = ["name", "code", "prefix", "order"]
    prepopulated_fields = {"code": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(office_count=Count("offices"))

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if IS_POPUP_VAR in request.POST and hasattr(response, "context_data"):
            # The kind made from a category's row is added to its checkboxes by
            # static/js/admin-kinds.js under the label the checkboxes show (with its word).
            data = json.loads(response.context_data["popup_response_data"])
            data["obj"] = str(obj.label)
            response.context_data["popup_response_data"] = json.dumps(data)
        return response

    @admin.display(description=_("offices"), ordering="office_count")
    def office_count(self, obj: OfficeKind) -> int:
        return obj.office_count


@admin.register(Channel)
class ChannelAdmin(HistoryAdmin):
    list_display = ["name", "code", "order", "url_template"]
    search_fields = ["code", "name"]
    ordering = ["order", "name"]


@admin.register(OfficeAccount)
class OfficeAccountAdmin(HistoryAdmin):
    list_display = ["office", "channel", "handle"]
    list_filter = ["channel", "office__kind"]
    list_select_related = ["office__kind", "channel"]
    search_fields = ["office__name", "office__short_name", "handle"]
    autocomplete_fields = ["office", "channel"]


class GovernmentAdminForm(forms.ModelForm):
    emblem = LogoField(
        label=capfirst(_("emblem")),
        required=False,
        help_text=_(
            "The coat of arms (lambang daerah): PNG, JPEG or WebP, at most 2 MB and 4000 × 4000 pixels, "
            "ideally with a transparent background. It is stored as a new PNG without metadata."
        ),
    )

    class Meta:
        model = Government
        fields = [
            "name",
            "level",
            "heading",
            "head_title",
            "head_name",
            "time_zone",
            "emblem",
            "site_name",
            "footer",
            "public_address",
            "sk_annex_template",
            "minutes_template",
        ]

    def _template_clean(self, field: str):
        """An uploaded template is rendered once before it is kept (by results, through
        offices.hooks): a file that is no DOCX or whose placeholders fail is refused, each
        problem named, and the government keeps the template it had."""
        value = self.cleaned_data.get(field)
        if isinstance(value, UploadedFile):
            from offices.hooks import template_problems

            value.seek(0)
            problems = template_problems(field=field, content=value.read())
            value.seek(0)
            if problems:
                raise forms.ValidationError(problems)
        return value

    def clean_sk_annex_template(self):
        return self._template_clean("sk_annex_template")

    def clean_minutes_template(self):
        return self._template_clean("minutes_template")


@admin.register(Government)
class GovernmentAdmin(HistoryAdmin):
    """The one government of the installation: its list is its page, it is never added twice or deleted."""

    form = GovernmentAdminForm
    list_display = ["name", "level", "head_title", "time_zone"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["name", "level", "heading", "head_title", "head_name", "time_zone", "emblem"]}),
        (_("Public site"), {"fields": ["site_name", "footer", "public_address"]}),
        (_("Your own document templates"), {"fields": ["sk_annex_template", "minutes_template"]}),
    ]

    # The row is made by the migration (or by the list, below): it is edited, never added.
    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        # A database emptied by hand has no row: its page starts from the defaults.
        found, _created = Government.objects.get_or_create(pk=1)
        return redirect(reverse("admin:offices_government_change", args=[found.pk]))
