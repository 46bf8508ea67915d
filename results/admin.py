"""Publishing from the event's admin page: publish, correct and withdraw the results, and the
files of an event (its winner list, every certificate in one ZIP, a place's certificate).

One self-contained module that the event's page reaches only through awards.admin.hooks, so that
the app owning the published record can take it whole.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awards import converters  # noqa: F401  (registers the path converter of the certificate's address)
from awards.admin.hooks import (
    AdminLink,
    event_admin_actions,
    event_admin_columns,
    event_admin_links,
    event_admin_saved,
    event_admin_urls,
    place_admin_columns,
    place_admin_urls,
    place_admin_versions,
)
from awards.models import EvaluationEvent, EventStatus, Ranking
from awards.resources import winner_list_file, winner_list_filename
from common.otp import otp_required_for_publishing, two_factor_redirect, user_is_verified
from common.spreadsheets import EXPORT_FORMATS
from offices.government import government
from results.certificates.queue import event_certificates_schedule
from results.certificates.storage import (
    event_certificates_response,
    event_certificates_state,
    rendered_response,
    zip_draw_limit,
)
from results.changes import change_words, version_changes
from results.models import PublishedVersion, VersionPlace
from results.official import FORMATS, KINDS, version_document
from results.selectors import PublishedAppearance, draft_printed, place_published_versions, printed_version
from results.services import event_publish, event_withdraw, nothing_to_publish


class PublishForm(forms.Form):
    """Publishing a version: final at once, or provisional with an appeal window; a reason for
    every version after the first (awards.services.event_publish decides and explains)."""

    FINAL, PROVISIONAL = "final", "provisional"
    kind = forms.ChoiceField(
        label=_("publish as"),
        choices=[
            (FINAL, _("Final results")),
            (PROVISIONAL, _("Provisional results, open to objections until a deadline")),
        ],
        initial=FINAL,
        widget=forms.RadioSelect,
    )
    appeal_deadline = forms.DateTimeField(
        label=_("objections until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text=_("Only for provisional results: the end of the appeal window (masa sanggah)."),
    )
    reason = forms.CharField(
        label=_("reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown publicly with the new version; needed for every version after the first."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The committee types the deadline in its own zone (the request's, offices.middleware).
        self.fields["appeal_deadline"].label = _("objections until (%(zone)s)") % {
            "zone": government().zone_abbreviation
        }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for the withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown publicly at the event's address, which then answers “gone” (410)."),
    )


def _form_errors(form: forms.Form, error: ValidationError) -> None:
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


def require_certificate_permission(request) -> None:
    # Certificates print every place, so they need the right to see places, not only events.
    if not request.user.has_perm("awards.view_ranking"):
        raise PermissionDenied


@admin.display(description=_("certificate"))
def certificate_links(obj: Ranking) -> str:
    if obj.pk is None:
        return "—"
    return format_html(
        '<a href="{}">PDF</a> · <a href="{}">PNG</a>',
        reverse("admin:awards_ranking_certificate", kwargs={"pk": obj.pk, "fmt": "pdf"}),
        reverse("admin:awards_ranking_certificate", kwargs={"pk": obj.pk, "fmt": "png"}),
    )


def certificate_view(model_admin, request, pk: int, fmt: str):
    """One place's certificate, drafts included (the committee checks them before publishing)."""
    require_certificate_permission(request)
    ranking = get_object_or_404(
        Ranking.objects.select_related("category__award__event", "category__award__channel", "office__kind"),
        pk=pk,
    )
    return rendered_response(ranking, f"certificate-{fmt}", attachment=True)


def may_publish(request) -> bool:
    return request.user.has_perm("awards.publish_evaluationevent")


def _change_url(event: EvaluationEvent) -> str:
    return reverse("admin:awards_evaluationevent_change", args=[event.pk])


# Only a first publication can be a list action: a correction or a withdrawal needs its reason,
# given on the event's own publish and withdraw pages.
@admin.action(description=_("Publish the selected drafts (version 1, final)"))
@otp_required_for_publishing
def publish(modeladmin, request, queryset) -> None:
    if not may_publish(request):
        raise PermissionDenied
    count = 0
    for event in queryset.filter(status=EventStatus.DRAFT):
        event_publish(event=event, by=request.user)
        count += 1
    modeladmin.message_user(
        request,
        ngettext("%(count)d event published.", "%(count)d events published.", count) % {"count": count},
        messages.SUCCESS,
    )


@admin.display(description=_("winner list"))
def winner_list(obj: EvaluationEvent) -> str:
    return format_html_join(
        " · ",
        '<a href="{}" download>{}</a>',
        (
            (reverse("admin:awards_evaluationevent_winners", args=[obj.pk, fmt]), fmt)
            for fmt in EXPORT_FORMATS
        ),
    )


def winner_list_view(model_admin, request, object_id: int, fmt: str) -> HttpResponse:
    """The event's winner list as a file, drafts included, for those who may export places."""
    if not request.user.has_perm("awards.export_ranking"):
        raise PermissionDenied
    if fmt not in EXPORT_FORMATS:
        raise Http404
    event = get_object_or_404(EvaluationEvent, pk=object_id)
    return HttpResponse(
        winner_list_file(Ranking.objects.filter(award__event=event), fmt, title=event.slug),
        content_type=EXPORT_FORMATS[fmt],
        headers={"Content-Disposition": content_disposition_header(True, winner_list_filename(event, fmt))},
    )


def certificates_zip_view(model_admin, request, pk: int):
    """Every certificate of the event in one ZIP, streamed: one certificate in memory at a time.

    With too many still to draw within one request, the drawing runs as a task in the worker
    (results.certificates.queue) and this page follows it until the ZIP can be sent; a failed
    drawing says so, and a POST here (the page's button) asks again.
    """
    require_certificate_permission(request)
    event = get_object_or_404(EvaluationEvent, pk=pk)
    if not model_admin.has_view_permission(request, event):
        raise PermissionDenied
    if request.method == "POST":
        event_certificates_schedule(event=event, retry=True)
        return HttpResponseRedirect(request.path, status=303)
    state = event_certificates_state(event)
    if state.missing <= zip_draw_limit():
        return event_certificates_response(event)
    # Too many to draw within the worker's time: drawn by a task first, the ZIP sent when done.
    drawing = event_certificates_schedule(event=event)
    if drawing.successful:
        # Done already (a backend that runs tasks at once): the ZIP is ready.
        return HttpResponseRedirect(request.path, status=303)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Certificates of %(event)s") % {"event": event},
        "state": state,
        "drawing": drawing,
        "change_url": _change_url(event),
    }
    return TemplateResponse(
        request,
        "admin/awards/evaluationevent/certificates_preparing.html",
        context,
        # Accepted, still being done; a failure is a page of its own, said as it is.
        status=200 if drawing.failed else 202,
    )


def require_official_permission(request) -> None:
    # The official documents are an export of every place, as the winner list is.
    if not request.user.has_perm("awards.export_ranking"):
        raise PermissionDenied


OFFICIAL_NAMES = {"sk-annex": _("SK annex"), "berita-acara": _("berita acara")}


def official_document_view(model_admin, request, pk: int, kind: str, fmt: str, number: int | None = None):
    """The SK annex or the berita acara of a published version (the current one without
    ``number``), as DOCX or PDF. A template of the committee's that fails now, or a withdrawn
    version, is answered with a message on the event's page, never an error page."""
    from documents.official.docx import TemplateRefused

    require_official_permission(request)
    if kind not in KINDS or fmt not in FORMATS:
        raise Http404
    versions = PublishedVersion.objects.select_related("event").filter(event_id=pk)
    version = (
        get_object_or_404(versions, number=number) if number else get_object_or_404(versions, is_current=True)
    )
    if version.withdrawn_at:
        messages.error(
            request,
            _("Version %(number)d is withdrawn: it has no official documents.") % {"number": version.number},
        )
        return HttpResponseRedirect(_change_url(version.event))
    try:
        document = version_document(version, KINDS[kind], fmt)
    except TemplateRefused as refused:
        messages.error(
            request,
            _(
                "Your own template of the %(document)s cannot be used: %(problems)s Upload a corrected "
                "one on the government's page, or remove it to use the shipped one."
            )
            % {"document": OFFICIAL_NAMES[kind], "problems": " ".join(refused.problems)},
        )
        return HttpResponseRedirect(_change_url(version.event))
    return HttpResponse(
        document.content,
        content_type=document.content_type,
        headers={"Content-Disposition": content_disposition_header(True, document.filename)},
    )


def official_documents_view(model_admin, request, pk: int) -> TemplateResponse:
    """Every published version of the event with its four documents (one query for the versions)."""
    require_official_permission(request)
    event = get_object_or_404(EvaluationEvent, pk=pk)
    versions = PublishedVersion.objects.filter(event=event).order_by("-number")
    rows = [
        {
            "version": version,
            "documents": [
                [
                    (
                        fmt.upper(),
                        reverse(
                            "admin:awards_evaluationevent_version_official",
                            kwargs={"pk": event.pk, "number": version.number, "kind": kind, "fmt": fmt},
                        ),
                    )
                    for fmt in FORMATS
                ]
                for kind in KINDS
            ],
        }
        for version in versions.only("number", "is_current", "published_at", "withdrawn_at", "event_id")
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": event,
        "change_url": _change_url(event),
        "title": _("Official documents of “%(event)s”") % {"event": event},
        "rows": rows,
    }
    return TemplateResponse(request, "admin/awards/evaluationevent/official_documents.html", context)


@otp_required_for_publishing
def publish_view(model_admin, request, pk: int):
    """Publish the next version: the differences from the published one, then final or
    provisional, and the reason of a correction."""
    if not may_publish(request):
        raise PermissionDenied
    event = get_object_or_404(EvaluationEvent, pk=pk)
    current = PublishedVersion.objects.filter(event=event, is_current=True).first()
    draft = draft_printed(event)
    changes = version_changes(printed_version(current), draft) if current else []
    # “Save and publish as provisional” on a draft's page opens this page with that choice made.
    initial = {"kind": PublishForm.PROVISIONAL} if request.GET.get("kind") == PublishForm.PROVISIONAL else {}
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        final = form.cleaned_data["kind"] == PublishForm.FINAL
        try:
            version = event_publish(
                event=event,
                by=request.user,
                reason=form.cleaned_data["reason"],
                final=final,
                appeal_deadline=form.cleaned_data["appeal_deadline"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            model_admin.message_user(
                request,
                _("Version %(number)d of “%(event)s” is published.")
                % {"number": version.number, "event": event},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(_change_url(event))
    return _publish_page(
        model_admin,
        request,
        event,
        form,
        title=_("Publish “%(event)s”") % {"event": event},
        current=current,
        # Certificates of a version without signatories carry no signature block.
        unsigned=not draft.signatories,
        changes=[change_words(change) for change in changes],
        withdraw=False,
        # No button where publishing could only be refused: the page says why instead.
        nothing_new=nothing_to_publish(event) is not None,
    )


@otp_required_for_publishing
def withdraw_view(model_admin, request, pk: int):
    """Withdraw the published results, with the reason the public is given."""
    if not may_publish(request):
        raise PermissionDenied
    event = get_object_or_404(EvaluationEvent, pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event_withdraw(event=event, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            model_admin.message_user(
                request,
                _("“%(event)s” is withdrawn; its address now gives the reason.") % {"event": event},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(_change_url(event))
    return _publish_page(
        model_admin, request, event, form, title=_("Withdraw “%(event)s”") % {"event": event}, withdraw=True
    )


def _publish_page(
    model_admin, request, event: EvaluationEvent, form: forms.Form, **context
) -> TemplateResponse:
    """The page of the publish and withdraw forms (templates/admin/…/publish.html)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": event,
        "change_url": _change_url(event),
        "form": form,
        **context,
    }
    return TemplateResponse(request, "admin/awards/evaluationevent/publish.html", context)


@receiver(event_admin_urls)
def publishing_urls(*, model_admin, **kwargs) -> list:
    def view(function):
        return model_admin.admin_site.admin_view(partial(function, model_admin))

    return [
        path(
            "<int:pk>/certificates.zip",
            view(certificates_zip_view),
            name="awards_evaluationevent_certificates",
        ),
        path(
            "<int:object_id>/winners.<str:fmt>", view(winner_list_view), name="awards_evaluationevent_winners"
        ),
        path("<int:pk>/official/", view(official_documents_view), name="awards_evaluationevent_officials"),
        path(
            "<int:pk>/official/<slug:kind>.<str:fmt>",
            view(official_document_view),
            name="awards_evaluationevent_official",
        ),
        path(
            "<int:pk>/versions/<int:number>/<slug:kind>.<str:fmt>",
            view(official_document_view),
            name="awards_evaluationevent_version_official",
        ),
        path("<int:pk>/publish/", view(publish_view), name="awards_evaluationevent_publish"),
        path("<int:pk>/withdraw/", view(withdraw_view), name="awards_evaluationevent_withdraw"),
    ]


@receiver(place_admin_urls)
def certificate_urls(*, model_admin, **kwargs) -> list:
    view = model_admin.admin_site.admin_view(partial(certificate_view, model_admin))
    return [path("<int:pk>/certificate.<certfmt:fmt>", view, name="awards_ranking_certificate")]


@receiver(place_admin_columns)
def certificate_columns(**kwargs) -> list:
    return [certificate_links]


@receiver(place_admin_versions)
def published_versions(*, ranking_id: int, **kwargs) -> list[PublishedAppearance]:
    return place_published_versions(ranking_id=ranking_id)


@receiver(event_admin_links)
def publishing_links(*, request, event: EvaluationEvent | None, **kwargs) -> list[AdminLink]:
    if event is None:
        return [AdminLink(_("Save the event first."), section=_("Certificates"))]
    links = [
        AdminLink(
            fmt,
            reverse("admin:awards_evaluationevent_winners", args=[event.pk, fmt]),
            section=_("winner list"),
            download=True,
        )
        for fmt in EXPORT_FORMATS
    ] + [
        AdminLink(
            _("Download every certificate of this event (ZIP: a PDF per place, for print)"),
            reverse("admin:awards_evaluationevent_certificates", kwargs={"pk": event.pk}),
            section=_("Certificates"),
        )
    ]
    links += published_certificate_links(event)
    if event.status != EventStatus.DRAFT and request.user.has_perm("awards.export_ranking"):
        section = _("Official documents")
        if event.is_published:
            links += [
                AdminLink(
                    f"{label} ({fmt.upper()})",
                    reverse(
                        "admin:awards_evaluationevent_official",
                        kwargs={"pk": event.pk, "kind": kind, "fmt": fmt},
                    ),
                    section=section,
                )
                for kind, label in (
                    ("sk-annex", _("SK annex (lampiran keputusan)")),
                    ("berita-acara", _("Berita acara")),
                )
                for fmt in FORMATS
            ]
        links.append(
            AdminLink(
                _("Every version's documents…"),
                reverse("admin:awards_evaluationevent_officials", args=[event.pk]),
                section=section,
            )
        )
    if not may_publish(request):
        return links
    if event.status == EventStatus.DRAFT:
        links.append(AdminLink(_("Save and publish final"), submit="_publish"))
        links.append(
            AdminLink(_("Save and publish as provisional (appeal window)…"), submit="_publish_provisional")
        )
        links.append(AdminLink(_("Preview the public page"), event.get_absolute_url()))
        return links
    unchanged = nothing_to_publish(event) if event.is_published else None
    if unchanged is not None:
        links.append(
            AdminLink(
                _(
                    "Nothing has changed since version %(number)d: there is nothing to publish. "
                    "Correct the places first; then a correction can be published here."
                )
                % {"number": unchanged.number},
                section=_("Publishing"),
            )
        )
    else:
        links.append(
            AdminLink(
                _("Publish again…")
                if event.is_withdrawn
                else _("Publish a correction or the final results…"),
                reverse("admin:awards_evaluationevent_publish", args=[event.pk]),
            )
        )
    links.append(AdminLink(_("Preview the draft beside the published version"), event.get_absolute_url()))
    if event.is_published:
        links.append(
            AdminLink(
                _("Withdraw the results…"), reverse("admin:awards_evaluationevent_withdraw", args=[event.pk])
            )
        )
    return links


def published_certificate_links(event: EvaluationEvent) -> list[AdminLink]:
    """The certificates of the version the public sees (its places as printed, one query), as
    the public gets them: the committee's page of a published event links them."""
    if event.status != EventStatus.PUBLISHED:
        return []
    places = VersionPlace.objects.filter(version__event=event, version__is_current=True).order_by("order")
    section = _("Certificates of the published version")
    return [
        AdminLink(
            _("%(title)s, %(category)s: %(office)s (PDF)")
            % {"title": place.title, "category": place.category.title, "office": place.office_display_name},
            reverse("results:place-certificate", kwargs={"pk": place.pk, "fmt": "pdf"}),
            section=section,
        )
        for place in places.select_related("category")
    ]


@receiver(event_admin_actions)
def publishing_actions(*, request, **kwargs) -> list:
    return [publish] if may_publish(request) else []


@receiver(event_admin_columns)
def publishing_columns(**kwargs) -> list:
    return [winner_list]


@receiver(event_admin_saved)
def publish_on_save(*, request, event: EvaluationEvent, **kwargs):
    """“Save and publish” on a draft's page publishes it as version 1; on a published event it
    opens the publish page, where a correction is given its reason."""
    provisional = "_publish_provisional" in request.POST
    if not ("_publish" in request.POST or provisional) or not may_publish(request):
        return None
    if not user_is_verified(request):
        return two_factor_redirect(request)
    if provisional:
        # The appeal window's deadline is asked on the publish page, with the choice made.
        url = reverse("admin:awards_evaluationevent_publish", args=[event.pk])
        return HttpResponseRedirect(f"{url}?kind={PublishForm.PROVISIONAL}")
    if event.status == EventStatus.DRAFT and not event.versions.exists():
        event_publish(event=event, by=request.user)
        messages.success(request, _("“%(event)s” is published.") % {"event": event})
        return HttpResponseRedirect(request.path)
    return HttpResponseRedirect(reverse("admin:awards_evaluationevent_publish", args=[event.pk]))
