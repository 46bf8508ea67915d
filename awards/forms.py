"""The committee's forms: the admin's pages of events, awards and places."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Count
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from awards.models import Award, Category, EvaluationEvent, PlaceNumbering, Ranking, RankingLevel, Signatory
from awards.pasted import OfficesByText
from awards.rules import category_kind_codes, places_check
from awards.services import EVENT_CHANGED, PLACE_CHANGED, edit_version, event_places_check, ranking_problems
from awards.words import ranking_words
from offices.admin import LogoField
from offices.images import BACKGROUND_STORED_SIDE
from offices.models import Office

# Uploaded pictures are checked and stored as logos are (offices.images): by their content, as a
# new PNG without metadata, transparency kept.
PICTURE_HELP = _(
    "PNG, JPEG or WebP, at most 2 MB and 4000 × 4000 pixels, ideally with a transparent background. "
    "It is stored as a new PNG without the file's metadata; certificates already published keep "
    "the picture they printed."
)


class SignatoryForm(forms.ModelForm):
    """A signatory with the signature and stamp printed on the event's certificates."""

    # Longer than the 18 digits it keeps: “19700101 199003 1 001” is typed as it is printed.
    nip = forms.CharField(
        label="NIP",
        max_length=24,
        required=False,
        help_text=_("The civil servant's number (18 digits), printed under the name; leave empty if none."),
    )
    signature = LogoField(label=_("Signature"), required=False, help_text=PICTURE_HELP)
    stamp = LogoField(label=_("Stamp"), required=False, help_text=PICTURE_HELP)

    class Meta:
        model = Signatory
        fields = ["order", "name", "title", "nip", "signature", "stamp"]

    def clean_nip(self) -> str:
        # “19700101 199003 1 001”, as a NIP is often printed: the digits are the number.
        return "".join((self.cleaned_data.get("nip") or "").split())


class EditVersionForm(forms.ModelForm):
    """Carries the row's version from the moment the page was opened back with the save.

    A save whose version is no longer the row's is refused with a clear message, instead of
    silently overwriting what another committee member saved in the meantime (optimistic
    locking; the services check again under the event's row lock).
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    changed_message = EVENT_CHANGED

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = edit_version(self.instance)

    def clean(self):
        cleaned = super().clean()
        # A form posted without the token (a script, an old page) is not checked.
        seen = cleaned.get("version") or None
        if self.instance.pk is not None and seen is not None and seen != edit_version(self.instance):
            raise forms.ValidationError(str(self.changed_message), code="stale")
        return cleaned


# The database's two rules that span rows of places. A form checks them against the saved rows,
# one row at a time, and would refuse two places that swap positions in one save; and their
# message cannot name the other holder. awards.rules checks the set as it will stand and puts
# the message, with names, on the row (the database still holds them when saving).
SPANNING_CONSTRAINTS = ("ranking_position_unique_in_category", "ranking_one_per_office_and_award")


class PlaceRulesForm(forms.ModelForm):
    def full_clean(self) -> None:
        super().full_clean()
        errors = self.errors.get(NON_FIELD_ERRORS) if self.is_bound else None
        if not errors:
            return
        spanning = {
            str(constraint.violation_error_message)
            for constraint in Ranking._meta.constraints
            if constraint.name in SPANNING_CONSTRAINTS
        }
        kept = [error for error in errors.as_data() if not set(error.messages) <= spanning]
        if kept:
            self.errors[NON_FIELD_ERRORS] = self.error_class(kept, error_class="nonfield")
        else:
            del self.errors[NON_FIELD_ERRORS]


PREVIEW = _(
    "The pasted ranking is shown below as place rows. Check them (and the new offices beside "
    "them), then save to enter them; nothing has been saved yet."
)


def marked_for_deletion(formset: BaseInlineFormSet, form: forms.Form) -> bool:
    """A cleaned row whose “delete” box is ticked."""
    return formset.can_delete and bool(form.cleaned_data.get(DELETION_FIELD_NAME))


class CategoryForm(forms.ModelForm):
    """A category's row: its kinds, places and mentions, and a box to paste its ranking into."""

    paste = forms.CharField(
        label=_("paste its ranking"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 28}),
        help_text=_(
            "As the report writes it, one place a line or separated by “/”: “1. Bappeda / 2. Dinas "
            "Lingkungan Hidup (DLH)”. Saving shows it below as place rows to check; offices not "
            "known yet are made (name, short name in brackets, the category's kind) only when you "
            "save again."
        ),
    )

    class Meta:
        model = Category
        fields = ["order", "title", "kinds", "places", "mentions"]

    def clean_paste(self) -> str:
        text = self.cleaned_data["paste"].strip()
        if text and self.instance.pk is None:
            raise forms.ValidationError(_("Save the category first, then paste its ranking."))
        return text


class PlaceRowForm(PlaceRulesForm):
    """A place's row of an award's table: an office from the list, or a new office's name."""

    new_office = forms.CharField(
        label=_("or a new office"),
        required=False,
        max_length=260,
        widget=forms.TextInput(attrs={"size": 14}),
        help_text=_("Not in the list? Its name, short name in brackets: made with the category's kind."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "office" in self.fields:
            # Either an office or a new office's name (checked in clean).
            self.fields["office"].required = False

    def clean(self):
        cleaned = super().clean()
        cleaned["new_office"] = (cleaned.get("new_office") or "").strip()
        if not cleaned.get("office") and not cleaned["new_office"] and "office" not in self.errors:
            self.add_error("office", _("Choose an office, or write a new office's name beside it."))
        return cleaned


# An award's categories: a ranking per kind of office, a few per award in every report seen. A
# forged row count is refused after reading this many rows, not Django's 1,000 (which took a
# page of 26 CPU seconds to show again).
CATEGORIES_AT_MOST = 50


class CategoryInlineFormSet(BaseInlineFormSet):
    # A dict shared with the table of places sent in the same request (AwardAdmin fills it):
    # the places are then checked in the categories as they will stand.
    tables: dict | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.tables is not None:
            self.tables["categories"] = self


class RankingInlineFormSet(BaseInlineFormSet):
    """Checks the event's places as they will stand after the save, and names the broken row."""

    tables: dict | None = None
    # The offices the rows name that do not exist yet, made by event_places_save with the places.
    new_offices: list = []

    def clean(self) -> None:
        super().clean()
        self.new_offices = self.offices_written_in()
        rows = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.errors:
                continue
            if marked_for_deletion(self, form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            rows.append((form, form.instance))
        for problem in self.places_problems(rows):
            problem.key.add_error(problem.field, problem.message)
        if (self.tables or {}).get("preview"):
            # A pasted ranking is shown as rows to check: nothing is saved this time.
            raise forms.ValidationError(PREVIEW, code="preview")

    def offices_written_in(self) -> list:
        """The rows that name a new office instead of choosing one: each gets the office its name
        means (an existing one of the category's kinds) or a new, unsaved one; the new ones."""
        written = [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and not form.errors
            and not marked_for_deletion(self, form)
            and form.cleaned_data.get("new_office")
            and not form.cleaned_data.get("office")
        ]
        if not written:
            return []
        kind_codes = category_kind_codes({form.cleaned_data["category"] for form in written})
        offices = OfficesByText()
        found: dict[object, int] = {}
        made = []
        for form in written:
            text, admitted = (
                form.cleaned_data["new_office"],
                sorted(kind_codes[form.cleaned_data["category"].pk]),
            )
            try:
                pk, _text = offices.found(text, admitted)
                if pk is not None:
                    found[form] = pk
                    continue
                office = offices.new_office(text, admitted)
            except ValueError as error:
                form.add_error("new_office", str(error))
                continue
            if office not in made:
                try:
                    office.full_clean()
                except forms.ValidationError as error:
                    form.add_error("new_office", " ".join(error.messages))
                    continue
                # Made when saved, after the other new offices: two may not share a slug.
                office.slug = ""
                made.append(office)
            form.instance.office = office
        existing = Office.objects.select_related("kind").in_bulk(set(found.values()))
        for form, pk in found.items():
            form.instance.office = existing[pk]
        return made

    def places_problems(self, rows):
        """The rules checked on the places as they will stand, in the categories as they will
        stand: a secretary may raise a category's places or mentions and enter them in one save."""
        pending = (self.tables or {}).get("categories")
        if pending is None or not pending.is_valid():
            return event_places_check(self.instance.event, rows)
        event = self.instance.event
        categories = {
            category.pk: category
            for category in Category.objects.filter(award__event=event).select_related("award__event")
        }
        kind_codes = category_kind_codes(categories.values())
        for form in pending.forms:
            pk = form.instance.pk
            if pk not in categories or not form.has_changed() or marked_for_deletion(pending, form):
                continue
            categories[pk].places = form.cleaned_data["places"]
            categories[pk].mentions = form.cleaned_data["mentions"]
            categories[pk].title = form.cleaned_data["title"]
            kind_codes[pk] = {kind.code for kind in form.cleaned_data["kinds"]}
        for _form, ranking in rows:
            if ranking.category_id in categories:
                ranking.category = categories[ranking.category_id]
        return places_check(rows, categories=categories, kind_codes=kind_codes)


class AwardAdminForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ["event", "title", "channel", "order"]


def places_example(*, place_word: str, numbering: str, mention_word: str) -> str:
    """How an event's places print, from its words: “Terbaik Pertama, Terbaik Kedua, … · Harapan 1”."""
    places = [
        ranking_words(
            place_word=place_word,
            numbering=numbering,
            mention_word=mention_word,
            level=RankingLevel.PLACE,
            position=position,
        )
        for position in (1, 2, 3)
    ]
    mention = ranking_words(
        place_word=place_word,
        numbering=numbering,
        mention_word=mention_word,
        level=RankingLevel.MENTION,
        position=1,
    )
    return gettext("%(places)s, … · honourable mentions: %(mention)s, …") % {
        "places": ", ".join(places),
        "mention": mention,
    }


class EvaluationEventForm(EditVersionForm):
    changed_message = EVENT_CHANGED

    class Meta:
        model = EvaluationEvent
        fields = [
            "title",
            "slug",
            "year",
            "held_on",
            "venue",
            "city",
            "description",
            "place_word",
            "place_numbering",
            "mention_word",
            "notes",
            "certificate_design",
            "certificate_background",
        ]

    certificate_background = LogoField(
        label=_("Certificate background"),
        required=False,
        stored_side=BACKGROUND_STORED_SIDE,
        help_text=_(
            "Your own A4 landscape picture (297 × 210 mm, e.g. 1754 × 1240 pixels) under the certificate's "
            "words, for the design “our own background picture”: PNG, JPEG or WebP, at most 2 MB. "
            "Leave room for the words in the middle and the signatures at the foot."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        words = self.fields
        if "place_word" in words:
            words["place_word"].help_text = _(
                "The word before a place, as the event's own report writes it: “Terbaik” gives "
                "“Terbaik Pertama”, “Juara” gives “Juara 1” (with numbering in digits)."
            )
        if "place_numbering" in words:
            words["place_numbering"].help_text = _(
                "In words: “Terbaik Pertama, Terbaik Kedua”; in digits: “Juara 1, Juara 2”."
            )
        if "mention_word" in words:
            words["mention_word"].help_text = _(
                "The word before an honourable mention's number: “Harapan” gives “Harapan 1”. "
                "Honourable mentions are never counted as medals."
            )
        if "held_on" in words:
            words["held_on"].help_text = _(
                "Leave empty when the source does not give the day: the year above is then what "
                "pages, files and certificates print (never a made-up date)."
            )
        # The example of the places as they will print, from the words as they stand now.
        event = self.instance
        example = places_example(
            place_word=event.place_word or "Terbaik",
            numbering=event.place_numbering or PlaceNumbering.WORDS,
            mention_word=event.mention_word or "Harapan",
        )
        if "place_numbering" in words:
            words["place_numbering"].help_text = format_html(
                '{} {} <strong class="places-example">{}</strong>',
                words["place_numbering"].help_text,
                gettext("As saved now:"),
                example,
            )


class CopyAwardsForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy from the event"),
        queryset=EvaluationEvent.objects.none(),
        help_text=_(
            "Its awards and their categories are copied: titles, channels, office kinds, numbers of "
            "places and honourable mentions. No places are copied. Awards this event already has "
            "(same title) are left as they are."
        ),
    )

    def __init__(self, *args, target: EvaluationEvent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            EvaluationEvent.objects.exclude(pk=target.pk)
            .annotate(award_count=Count("awards"))
            .filter(award_count__gt=0)
        )
        self.fields["source"].label_from_instance = lambda event: (
            ngettext(
                "%(event)s (%(year)s, %(count)d award)",
                "%(event)s (%(year)s, %(count)d awards)",
                event.award_count,
            )
            % {"event": event.title, "year": event.year, "count": event.award_count}
        )


class RankingAdminForm(EditVersionForm, PlaceRulesForm):
    changed_message = PLACE_CHANGED

    class Meta:
        model = Ranking
        fields = ["category", "office", "level", "position", "is_shared", "score", "citation"]

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or self.errors:
            return
        problems = ranking_problems(ranking=self.instance)
        for problem in problems:
            self.add_error(problem.field, problem.message)
        ranking = self.instance
        clash = (
            Ranking.objects.filter(category=ranking.category, level=ranking.level, position=ranking.position)
            .exclude(pk=ranking.pk)
            .exists()
        )
        if clash and any(problem.field == "position" for problem in problems):
            # This form holds one place, so it cannot tick the other holder as well; the other
            # holder is in this same category (two categories never clash).
            self.add_error(
                "position",
                _(
                    "For a joint place, open the award “%(award)s”, tick “shared place” on both "
                    "places in its table of places, and save them together."
                )
                % {"award": ranking.category.award},
            )
