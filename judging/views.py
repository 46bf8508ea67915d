"""The judging pages under /judging/. Judges (group “Juri”, permission judging.enter_score)
score their assigned offices; the committee (permission judging.manage_judging) follows progress,
locks, finalises. Anonymous visitors are sent to the login page; signed-in users without the
permission get 403. None of these pages is cached.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from awards.models import EvaluationEvent, PlacesLockRecord
from awards.services import PlacesConflict
from judging.forms import ConflictForm, LeaderboardReopenForm, ScoreSheetForm
from judging.models import JudgeAssignment
from judging.selectors import (
    event_leaderboard,
    events_for_judge,
    judge_assignments,
    judge_sheet,
    judging_coverage,
    judging_progress,
)
from judging.services import (
    JudgingLocked,
    event_lock_scores,
    event_unlock_scores,
    judge_conflict_declare,
    leaderboard_finalise,
    leaderboard_reopen,
    score_save,
)

LOGIN_URL = "admin:login"


def _judge_required(view):
    return login_required(
        permission_required("judging.enter_score", raise_exception=True)(view), login_url=LOGIN_URL
    )


def _committee_required(view):
    return login_required(
        permission_required("judging.manage_judging", raise_exception=True)(view), login_url=LOGIN_URL
    )


def _judging_event(slug: str) -> EvaluationEvent:
    return get_object_or_404(
        EvaluationEvent.objects.select_related("judging"), slug=slug, judging__isnull=False
    )


@_judge_required
def judging_home(request):
    return render(request, "judging/home.html", {"events": list(events_for_judge(judge=request.user))})


@_judge_required
def judging_event(request, slug: str):
    event = _judging_event(slug)
    assignments = judge_assignments(event=event, judge=request.user)
    if not assignments:
        raise Http404
    return render(request, "judging/event.html", {"event": event, "assignments": assignments})


def _assignment_or_404(event: EvaluationEvent, user, office_slug: str) -> JudgeAssignment:
    # 404, not 403, for an office not assigned: a judge learns nothing about other offices.
    return get_object_or_404(
        JudgeAssignment.objects.select_related("office__kind"),
        event=event,
        judge=user,
        office__slug=office_slug,
    )


@_judge_required
def judging_office(request, slug: str, office_slug: str):
    event = _judging_event(slug)
    assignment = _assignment_or_404(event, request.user, office_slug)
    office = assignment.office
    locked = event.judging.is_locked
    sheet = judge_sheet(event=event, judge=request.user, office=office)
    disabled = locked or assignment.has_conflict
    form = ScoreSheetForm(request.POST or None, sheet=sheet, disabled=disabled)
    if request.method == "POST" and not disabled and form.is_valid():
        try:
            with transaction.atomic():
                count = 0
                for criterion, points, note in form.entries():
                    score_save(
                        judge=request.user, criterion=criterion, office=office, points=points, note=note
                    )
                    count += 1
        except (JudgingLocked, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request,
                ngettext("%(count)d score saved.", "%(count)d scores saved.", count) % {"count": count},
            )
            return redirect("judging:office", slug=event.slug, office_slug=office.slug)
    context = {
        "event": event,
        "assignment": assignment,
        "office": office,
        "sheet": sheet,
        "form": form,
        "locked": locked,
        "conflict_form": ConflictForm(),
    }
    return render(request, "judging/office.html", context)


@_judge_required
@require_POST
def judging_conflict(request, slug: str, office_slug: str):
    event = _judging_event(slug)
    assignment = _assignment_or_404(event, request.user, office_slug)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            judge_conflict_declare(
                judge=request.user, event=event, office=assignment.office, note=form.cleaned_data["note"]
            )
        except JudgingLocked as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("You abstain for %(office)s; your scores for it were removed.")
                % {"office": assignment.office},
            )
    return redirect("judging:office", slug=event.slug, office_slug=assignment.office.slug)


@_committee_required
def judging_committee(request, slug: str):
    event = _judging_event(slug)
    context = {
        "event": event,
        "judging": event.judging,
        "progress": judging_progress(event=event),
        "boards": event_leaderboard(event=event),
        "coverage": judging_coverage(event=event),
        "reopen_form": LeaderboardReopenForm(),
        "lock_records": PlacesLockRecord.objects.filter(event=event).order_by("-at", "-pk"),
    }
    return render(request, "judging/committee.html", context)


@_committee_required
@require_POST
def judging_lock(request, slug: str):
    event = _judging_event(slug)
    event_lock_scores(event=event)
    messages.success(request, _("The scores are locked. Judges can no longer change them."))
    return redirect("judging:committee", slug=slug)


@_committee_required
@require_POST
def judging_unlock(request, slug: str):
    event = _judging_event(slug)
    try:
        event_unlock_scores(event=event)
    except JudgingLocked as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Scoring is open again."))
    return redirect("judging:committee", slug=slug)


@_committee_required
@require_POST
def judging_finalise(request, slug: str):
    event = _judging_event(slug)
    if not request.user.has_perm("awards.change_ranking"):
        raise PermissionDenied
    try:
        places = leaderboard_finalise(event=event, by=request.user)
    except (ValidationError, PlacesConflict) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d place saved from the leaderboard; the scores are locked.",
                "%(count)d places saved from the leaderboard; the scores are locked.",
                len(places),
            )
            % {"count": len(places)},
        )
    return redirect("judging:committee", slug=slug)


@_committee_required
@require_POST
def judging_reopen(request, slug: str):
    """Lift the lock on the finalised places, with a reason, so the committee can finalise again."""
    event = _judging_event(slug)
    if not request.user.has_perm("awards.change_ranking"):
        raise PermissionDenied
    form = LeaderboardReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"].as_data())
        leaderboard_reopen(event=event, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The finalised places are reopened: they can be changed, and the leaderboard finalised again."),
        )
    return redirect("judging:committee", slug=slug)


@_committee_required
def judging_export(request, slug: str, fmt: str):
    from judging.score_sheets import score_sheets_csv, score_sheets_xlsx

    event = _judging_event(slug)
    if fmt == "xlsx":
        content = score_sheets_xlsx(event=event)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        sheet = request.GET.get("sheet", "judges")
        if sheet not in ("judges", "totals"):
            raise Http404
        content = score_sheets_csv(event=event, sheet=sheet)
        content_type = "text/csv; charset=utf-8"
        slug = f"{slug}-{sheet}"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="nilai-{slug}.{fmt}"'
    return response
