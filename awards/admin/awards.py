"""The admin's page of an award: its categories and its places, with the office search."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from awards.admin import hooks
from awards.admin.refusals import DeleteRefusalShown, RefusalShownOnForm
from awards.forms import (
    CATEGORIES_AT_MOST,
    AwardAdminForm,
    CategoryForm,
    CategoryInlineFormSet,
    PlaceRowForm,
    RankingInlineFormSet,
    marked_for_deletion,
)
from awards.models import Award, Category, Ranking, RankingLevel
from awards.pasted import OfficesByText, pasted_places
from awards.rules import category_kind_codes
from awards.services import (
    PlacesLocked,
    award_delete,
    award_save,
    category_delete,
    category_save,
    event_places_save,
    places_locked_message,
)
from common.history import HistoryAdmin
from offices.models import Office


class AwardOfficeAutocomplete(AutocompleteSelect):
    """The office picker of an award's places: it asks the award's own search (below), which
    offers only offices of the kinds the award's categories admit."""

    def __init__(self, field, admin_site, *, award: Award, **kwargs):
        super().__init__(field, admin_site, **kwargs)
        self.award = award
        # Shared by the copies of this widget that the rows of the table use (a widget's copy is
        # shallow): the offices holding the award's places are read once, not once per row.
        self.offices: dict[str, Office] = {}
        self.loaded: list[bool] = []

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not self.loaded:
            self.offices.update(
                (str(office.pk), office)
                for office in Office.objects.filter(rankings__award=self.award).select_related("kind")
            )
            self.loaded.append(True)
        missing = [pk for pk in selected if pk not in self.offices]
        if missing:  # a row typed but not saved yet (the page shown again with its errors)
            self.offices.update(
                (str(office.pk), office)
                for office in self.choices.queryset.filter(pk__in=missing).select_related("kind")
            )
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for pk in selected:
            if pk in self.offices:
                label = self.choices.field.label_from_instance(self.offices[pk])
                default[1].append(self.create_option(name, pk, label, True, len(default[1])))
        return [default]

    def get_url(self) -> str:
        return reverse(f"{self.admin_site.name}:awards_award_office_autocomplete", args=[self.award.pk])


class AwardOfficeAutocompleteView(AutocompleteJsonView):
    """The admin's office search, narrowed to the kinds the award's categories admit.

    A wrong kind typed by other means is still refused by awards.rules, on its row."""

    award: Award | None = None

    def get_queryset(self):
        # The row's category, when the page says which (static/js/admin-place-rows.js): only the
        # kinds it admits; else those of any of the award's categories.
        categories = Category.kinds.through.objects.filter(category__award=self.award)
        category = self.request.GET.get("category", "")
        if category.isdigit():
            categories = categories.filter(category_id=int(category))
        return super().get_queryset().filter(kind__in=categories.values("officekind__code"))


class RankingInline(admin.TabularInline):
    model = Ranking
    form = PlaceRowForm
    formset = RankingInlineFormSet
    # The score is entered on a place's own page (or by judging): the table fits a laptop screen.
    fields = ["category", "office", "new_office", "level", "position", "is_shared", "citation"]
    autocomplete_fields = ["office"]
    extra = 0
    show_change_link = True
    verbose_name = _("place")
    verbose_name_plural = _("places (category, office, level, position)")

    class Media:
        # The office search of a row offers the kinds of the row's category.
        js = ["admin/js/jquery.init.js", "js/admin-place-rows.js"]

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), *hooks.answers(hooks.place_admin_columns)]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *hooks.answers(hooks.place_admin_columns)]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("category__award__event", "office__kind")
            .in_display_order()
        )

    def get_formset(self, request, obj=None, **kwargs):
        # The award whose places these are: its categories are the only choices, and the office
        # search offers the kinds they admit.
        kwargs["formfield_callback"] = partial(self.formfield_for_dbfield, request=request, award=obj)
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "category":
            field.label_from_instance = lambda category: category.title
            # Evaluated once per page instead of once per row of the inline.
            field.choices = list(field.choices)
        return field

    def formfield_for_dbfield(self, db_field, request, award: Award | None = None, **kwargs):
        if db_field.name == "category":
            kwargs["queryset"] = Category.objects.filter(award=award).order_by("order", "pk")
        if db_field.name == "office" and award is not None:
            kwargs["widget"] = AwardOfficeAutocomplete(db_field, self.admin_site, award=award)
        # Narrow inputs, so that the table of places fits a laptop screen.
        if db_field.name == "citation":
            kwargs["widget"] = forms.TextInput(attrs={"size": 8})
        if db_field.name == "score":
            kwargs["widget"] = forms.NumberInput(attrs={"class": "vIntegerField", "step": "0.01"})
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "level":
            # Short labels in the table; “Harapan” is the usual word for an honourable mention.
            field.choices = [
                (RankingLevel.PLACE.value, _("Place")),
                (RankingLevel.MENTION.value, _("Mention")),
            ]
        if db_field.name in ("category", "office"):
            # Each row's four buttons (edit, add, delete, view the channel or office) made the
            # table wider than a laptop screen; channels and offices have their own pages.
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field


def save_rows_through(formset, *, parent: tuple[str, object], save, delete) -> None:
    """Save an inline formset row by row through the services, ``delete(obj)`` and
    ``save(obj, row_form)``: deleted rows first, then new and changed ones, recorded as the
    admin's change log expects."""
    field, owner = parent
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for row in formset.forms:
        if marked_for_deletion(formset, row):
            if row.instance.pk is not None:
                formset.deleted_objects.append(row.instance)
                delete(row.instance)
            continue
        if not row.has_changed():
            continue
        obj = row.save(commit=False)
        setattr(obj, field, owner)
        is_new = obj.pk is None
        save(obj, row)
        if is_new:
            formset.new_objects.append(obj)
        else:
            formset.changed_objects.append((obj, row.changed_data))


class CategoryInline(admin.TabularInline):
    model = Category
    form = CategoryForm
    formset = CategoryInlineFormSet
    fields = ["order", "title", "kinds", "places", "mentions", "paste"]
    extra = 0
    max_num = CATEGORIES_AT_MOST
    verbose_name_plural = _(
        "categories (one ranking each: the office kinds it admits, its places and honourable mentions)"
    )

    def get_extra(self, request, obj=None, **kwargs):
        # A new award needs at least one category: the row is there to fill in.
        return 1 if obj is None else 0

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("kinds")

    def get_formset(self, request, obj=None, **kwargs):
        # Django reads up to 1,000 rows past max_num whatever the form's count says.
        kwargs.setdefault("absolute_max", CATEGORIES_AT_MOST)
        return super().get_formset(request, obj, **kwargs)

    class Media:
        # A kind made with “+” appears among the checkboxes, ticked (Django's pop-up fills selects only).
        js = ["admin/js/admin/RelatedObjectLookups.js", "js/admin-kinds.js"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "kinds":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "kinds":
            # Kalurahan and Kelurahan are one letter apart: each shows the word it prints.
            field.label_from_instance = lambda kind: kind.label
            field.choices = list(field.choices)  # once per page, not once per row
        return field


@admin.register(Award)
class AwardAdmin(DeleteRefusalShown, RefusalShownOnForm, HistoryAdmin):
    page_help = _(
        "First the categories (tick the kinds of office each admits; “+” adds a kind) and save. "
        "Then paste each category's ranking as the report gives it and save: the places appear "
        "as rows to check, with the offices not known yet beside them; save again to enter them."
    )
    form = AwardAdminForm
    list_display = ["title", "event", "channel", "order"]
    list_filter = ["event", "channel"]
    list_select_related = ["event", "channel"]
    search_fields = ["title", "event__title"]
    fields = ["event", "title", "channel", "order", "places_lock_state"]
    readonly_fields = ["places_lock_state"]
    inlines = [CategoryInline, RankingInline]

    @admin.display(description=_("finalised places"))
    def places_lock_state(self, obj: Award) -> str:
        lock = getattr(obj, "places_lock", None) if obj.pk else None
        if lock is None:
            return gettext("Not locked: the places are entered here.")
        return places_locked_message(lock)

    def refusal_message(self, error: Exception) -> str:
        if isinstance(error, PlacesLocked):
            return " ".join(error.messages)
        if isinstance(error, ValidationError):
            # A category changed so that a place it already gives breaks a rule (fewer places,
            # a kind no longer admitted).
            return gettext("The categories could not be saved: %(reason)s Nothing was saved.") % {
                "reason": " ".join(error.messages)
            }
        return super().refusal_message(error)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if (
            request.method == "POST"
            and str(object_id or "").isdigit()
            and self.has_change_permission(request)
        ):
            request.POST = self.pasted_as_rows(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def pasted_as_rows(self, request, object_id):
        """The page's data with each ranking pasted into a saved category's row added as place
        rows (an office found, or a new office's name beside the row) and the paste boxes
        emptied; the page is then shown with them, to be checked and saved (nothing is saved now)."""
        data = request.POST
        total = data.get("categories-TOTAL_FORMS", "")
        # No more rows than the formset reads: a forged count is not a loop.
        total = min(int(total), CATEGORIES_AT_MOST) if total.isdigit() else 0
        pasted = {
            data.get(f"categories-{i}-id", ""): data.get(f"categories-{i}-paste", "").strip()
            for i in range(total)
        }
        pasted = {pk: text for pk, text in pasted.items() if pk.isdigit() and text}
        categories = {
            str(category.pk): category
            for category in Category.objects.filter(award_id=object_id, pk__in=list(pasted)).select_related(
                "award__event"
            )
        }
        if not categories:
            return data
        data = data.copy()
        rows = data.get("rankings-TOTAL_FORMS", "0")
        row = int(rows) if rows.isdigit() else 0
        kind_codes = category_kind_codes(categories.values())
        offices = OfficesByText()
        made = 0
        for i in range(total):
            category = categories.get(data.get(f"categories-{i}-id", ""))
            if category is None:
                continue
            data[f"categories-{i}-paste"] = ""
            admitted = sorted(kind_codes[category.pk])
            event = category.award.event
            text = pasted[str(category.pk)]
            for place in pasted_places(text, place_word=event.place_word, mention_word=event.mention_word):
                try:
                    office, new = offices.found(place.text, admitted)
                except ValueError:
                    office, new = None, place.text  # the row says why when it is checked
                made += bool(new)
                data.update(
                    {
                        f"rankings-{row}-category": str(category.pk),
                        f"rankings-{row}-office": str(office or ""),
                        f"rankings-{row}-new_office": new,
                        f"rankings-{row}-level": place.level,
                        f"rankings-{row}-position": str(place.position),
                        f"rankings-{row}-citation": "",
                    }
                )
                row += 1
        data["rankings-TOTAL_FORMS"] = str(row)
        request.places_preview = made
        return data

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if getattr(request, "places_preview", None) is not None and request.method == "POST":
            # The pasted rows are shown for checking: that is not an error of the page.
            for inline in context.get("inline_admin_formsets", []):
                formset = inline.formset
                if formset.prefix == "rankings" and formset.non_form_errors().as_data():
                    errors = [e for e in formset.non_form_errors().as_data() if e.code != "preview"]
                    formset._non_form_errors = formset.error_class(errors, error_class="nonform")
            context["errors"] = helpers.AdminErrorList(
                context["adminform"].form, [inline.formset for inline in context["inline_admin_formsets"]]
            )
            self.message_user(
                request,
                ngettext(
                    "The pasted ranking is shown below as place rows, %(new)d of them with a new "
                    "office beside it. Check them, then save to enter them: nothing is saved yet.",
                    "The pasted ranking is shown below as place rows, %(new)d of them with a new "
                    "office beside it. Check them, then save to enter them: nothing is saved yet.",
                    request.places_preview,
                )
                % {"new": request.places_preview},
                messages.INFO,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_formsets_with_inlines(self, request, obj=None):
        # The tables of categories and places made for this request share one dict, so that the
        # places are checked in the categories as they will stand after this save.
        tables: dict = {"preview": getattr(request, "places_preview", None) is not None}
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield type(formset.__name__, (formset,), {"tables": tables}), inline

    def get_inlines(self, request, obj):
        # Two steps: the categories first; once saved, their places (a place needs its category).
        return [CategoryInline] if obj is None else [CategoryInline, RankingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event", "channel", "places_lock")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("event", "channel"):
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field

    def get_urls(self):
        urls = [
            path(
                "<int:award_id>/offices/",
                self.admin_site.admin_view(self.office_autocomplete_view),
                name="awards_award_office_autocomplete",
            ),
        ]
        return urls + super().get_urls()

    def office_autocomplete_view(self, request, award_id: int):
        award = get_object_or_404(Award, pk=award_id)
        if not self.has_view_or_change_permission(request, award):
            raise PermissionDenied
        return AwardOfficeAutocompleteView.as_view(admin_site=self.admin_site, award=award)(request)

    def save_model(self, request, obj, form, change) -> None:
        award_save(award=obj, by=request.user)

    def delete_model(self, request, obj) -> None:
        award_delete(award=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for award in queryset:
            award_delete(award=award, by=request.user)

    def save_related(self, request, form, formsets, change) -> None:
        form.save_m2m()
        for formset in formsets:
            if formset.model is Category:
                save_rows_through(
                    formset,
                    parent=("award", form.instance),
                    save=lambda category, row: category_save(
                        category=category, kinds=row.cleaned_data["kinds"], by=request.user
                    ),
                    delete=lambda category: category_delete(category=category, by=request.user),
                )
        for formset in formsets:
            if formset.model is Ranking:
                changed = formset.save(commit=False)
                event_places_save(
                    event=form.instance.event,
                    changed=changed,
                    deleted=formset.deleted_objects,
                    new_offices=formset.new_offices,
                    by=request.user,
                )

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        # Step two is on the award's own page: its places, in the categories just saved.
        self.message_user(
            request,
            gettext("The award “%(award)s” was added. Now enter its places below.") % {"award": obj},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:awards_award_change", args=[obj.pk]))

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            # Back to the event, where the other awards are.
            return HttpResponseRedirect(reverse("admin:awards_evaluationevent_change", args=[obj.event_id]))
        return response
