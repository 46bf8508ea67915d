"""Forms of the judges' pages under /judging/."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from judging.models import format_points
from judging.selectors.judge_sheets import SheetAward


def points_field_name(criterion_id: int) -> str:
    return f"points-{criterion_id}"


def note_field_name(criterion_id: int) -> str:
    return f"note-{criterion_id}"


class ScoreSheetForm(forms.Form):
    """One office's judged criteria for one judge: points (0..max) and an optional note each."""

    def __init__(self, *args, sheet: list[SheetAward], disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for channel in sheet:
            for line in channel.lines:
                criterion = line.criterion
                self.fields[points_field_name(criterion.pk)] = forms.DecimalField(
                    label=criterion.name,
                    required=False,
                    min_value=Decimal(0),
                    max_value=criterion.max_points,
                    max_digits=6,
                    decimal_places=2,
                    initial=line.score.points if line.score else None,
                    help_text=_("0 to %(max)s points") % {"max": format_points(criterion.max_points)},
                    disabled=disabled,
                    # Indonesian writes 87,5; English 87.5. Localised, the field takes both.
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
                )
                self.fields[note_field_name(criterion.pk)] = forms.CharField(
                    label=_("Note on “%(criterion)s”") % {"criterion": criterion.name},
                    required=False,
                    max_length=300,
                    initial=line.score.note if line.score else "",
                    disabled=disabled,
                )
        for channel in sheet:
            for line in channel.lines:
                line.points_field = self[points_field_name(line.criterion.pk)]
                line.note_field = self[note_field_name(line.criterion.pk)]

    def entries(self):
        """(criterion, points, note) for every criterion given points."""
        for channel in self.sheet:
            for line in channel.lines:
                points = self.cleaned_data.get(points_field_name(line.criterion.pk))
                if points is not None:
                    yield (
                        line.criterion,
                        points,
                        self.cleaned_data.get(note_field_name(line.criterion.pk), ""),
                    )


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=300,
        help_text=_("E.g. “I worked for this office last year.”"),
    )


class LeaderboardReopenForm(forms.Form):
    """The committee reopens finalised places: why (kept with who and when on the lock's record)."""

    reason = forms.CharField(
        label=_("Why are the finalised places reopened?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        # Required by the service (leaderboard_reopen), the one home of the rule and its message.
        required=False,
        help_text=_("Kept on record with your name and the time."),
    )
