"""Publishing: freezing an event into its next version, corrections, the appeal window and
withdrawal. Each under the event's row lock (awards.services.event_lock), as every edit of its
places is."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awards.models import EvaluationEvent, EventStatus
from awards.services import event_lock
from common.pagecache import pages_changed
from offices.government import government
from results.changes import version_changes
from results.codes import new_code
from results.freezing import VersionRows, event_snapshot, version_rows_build, version_unsaved
from results.models import (
    PublishedVersion,
    VersionAward,
    VersionCategory,
    VersionPlace,
    VersionSignatory,
    VersionStatus,
)
from results.selectors import PrintedVersion, built_printed, draft_printed, printed_version

# Rows per INSERT: within SQLite's limit on query parameters (30 columns a place).
ROWS_PER_INSERT = 500


def _version_rows_save(rows: VersionRows) -> None:
    # In this order: each bulk_create gives its rows the ids the next one's foreign keys read.
    VersionSignatory.objects.bulk_create(rows.signatories)
    VersionAward.objects.bulk_create(rows.awards)
    VersionCategory.objects.bulk_create(rows.categories, batch_size=ROWS_PER_INSERT)
    VersionPlace.objects.bulk_create(rows.places, batch_size=ROWS_PER_INSERT)


def _stamp(obj, by) -> None:
    # The history records this user; without one, the request's user (history middleware).
    if by is not None:
        obj._history_user = by


class PublishRefused(ValidationError):
    """Publishing (or withdrawing) was refused: the message says why; nothing was changed."""


def _user_name(by) -> str:
    if by is None:
        return ""
    return by.get_full_name() or by.get_username()


def _publishes_nothing_new(
    latest: PublishedVersion, previous: PrintedVersion, draft: PrintedVersion, *, final: bool, deadline
) -> bool:
    """Whether a new version would print exactly what the current one prints (its rows and the
    rows built from the draft print the same values), with the same standing (final, or
    provisional until the same deadline). After a withdrawal, publishing the same results again
    is new: the public sees them again."""
    if latest.withdrawn_at is not None or latest.status != (
        VersionStatus.FINAL if final else VersionStatus.PROVISIONAL
    ):
        return False
    if not final and latest.appeal_deadline != deadline:
        return False
    return previous.printed_values() == draft.printed_values()


def nothing_to_publish(event: EvaluationEvent) -> PublishedVersion | None:
    """The current version when publishing could give the public nothing new: it is final, not
    withdrawn, and the draft prints exactly what it prints (``_publishes_nothing_new``, the rule
    event_publish refuses by). The committee's pages then offer no publish button but say why.
    None when there is something to publish (a first version, a change, a provisional version to
    make final, results to publish again after a withdrawal)."""
    current = PublishedVersion.objects.filter(event=event, is_current=True).first()
    if current is None or current.status != VersionStatus.FINAL or current.withdrawn_at is not None:
        return None
    if _publishes_nothing_new(
        current, printed_version(current), draft_printed(event), final=True, deadline=None
    ):
        return current
    return None


@transaction.atomic
def event_publish(
    *,
    event: EvaluationEvent,
    by=None,
    reason: str = "",
    final: bool = True,
    appeal_deadline=None,
    _send_freezing: bool = True,
) -> PublishedVersion:
    """Freeze the event as it is now into its next version, which the public then sees.

    Version 1 needs no reason; every later one is a correction (ralat) and needs one, and so does
    publishing again after a withdrawal. ``final=False`` publishes a provisional version open to
    objections until ``appeal_deadline``; the final version can follow only after that deadline.
    Under the event's row lock, so two publishes at once give two consecutive numbers.
    """
    locked = event_lock(event=event)
    reason = (reason or "").strip()
    now = timezone.now()
    latest = PublishedVersion.objects.filter(event=locked).order_by("-number").first()
    errors: dict[str, list[str]] = {}
    if latest is not None and not reason:
        errors.setdefault("reason", []).append(
            _("Version %(number)d is published: say why it is corrected (the reason is shown publicly).")
            % {"number": latest.number}
        )
    if not final:
        if appeal_deadline is None:
            errors.setdefault("appeal_deadline", []).append(
                _("A provisional version needs the end of its appeal window.")
            )
        elif appeal_deadline <= now:
            errors.setdefault("appeal_deadline", []).append(
                _("The end of the appeal window must be in the future.")
            )
    elif (
        latest is not None
        and latest.status == VersionStatus.PROVISIONAL
        and latest.withdrawn_at is None
        and latest.appeal_deadline > now
    ):
        errors.setdefault("final", []).append(
            _(
                "The appeal window of version %(number)d is open until %(deadline)s: the final "
                "version can be published only after it."
            )
            % {"number": latest.number, "deadline": local_moment(latest.appeal_deadline)}
        )
    if errors:
        raise PublishRefused(errors)
    snapshot = event_snapshot(locked, _send_freezing=_send_freezing)
    version = version_unsaved(event=locked, snapshot=snapshot)
    rows = version_rows_build(version=version, content=snapshot.content, places=snapshot.places)
    draft = built_printed(version, rows)
    previous = printed_version(latest) if latest is not None else None
    changes = version_changes(previous, draft)
    if latest is not None and _publishes_nothing_new(
        latest, previous, draft, final=final, deadline=appeal_deadline
    ):
        # A double submit, or "publish" pressed with nothing corrected: a version identical to the
        # current one would be a correction the public is told of that corrects nothing.
        raise PublishRefused(
            {
                NON_FIELD_ERRORS: [
                    _(
                        "Nothing has changed since version %(number)d: there is nothing to publish. "
                        "Correct the places first, then publish the correction."
                    )
                    % {"number": latest.number}
                ]
            }
        )
    PublishedVersion.objects.filter(event=locked, is_current=True).update(is_current=False)
    version.number = (latest.number + 1) if latest else 1
    version.status = VersionStatus.FINAL if final else VersionStatus.PROVISIONAL
    version.appeal_deadline = None if final else appeal_deadline
    version.reason = reason
    version.changes = changes
    version.published_at = now
    version.published_by = by if by is not None and by.pk else None
    version.published_by_name = _user_name(by)
    version.is_current = True
    version.save()
    # An unchanged place keeps its verification code: its certificate is still the same.
    kept = {
        (row.category.award.award_id, row.office_id): (row.fingerprint, row.code)
        for row in (previous.places if previous else [])
    }
    taken = set(VersionPlace.objects.filter(version__event=locked).values_list("code", flat=True))
    for place in rows.places:
        earlier = kept.get((place.category.award.award_id, place.office_id))
        place.code = earlier[1] if earlier and earlier[0] == place.fingerprint else new_code(taken)
    _version_rows_save(rows)
    locked.status = EventStatus.PUBLISHED
    locked.published_at = locked.published_at if latest is not None and locked.published_at else now
    _stamp(locked, by)
    locked.save(update_fields=["status", "published_at", "updated_at"])
    event.status, event.published_at, event.updated_at = locked.status, locked.published_at, locked.updated_at
    pages_changed()
    return version


def local_moment(moment) -> str:
    """A moment as the committee reads it, in the government's zone: “10 November 2021 16.00 WITA”."""
    found = government()
    return f"{date_format(timezone.localtime(moment, found.zone), 'j F Y H.i')} {found.zone_abbreviation}"


@transaction.atomic
def event_withdraw(*, event: EvaluationEvent, by=None, reason: str = "") -> PublishedVersion:
    """Take a published event off the public pages, with a reason that its address then gives
    (410 Gone). Its versions stay on record; publishing again makes a new version."""
    locked = event_lock(event=event)
    reason = (reason or "").strip()
    if locked.status != EventStatus.PUBLISHED:
        raise PublishRefused({"reason": [_("Only a published event can be withdrawn.")]})
    if not reason:
        raise PublishRefused(
            {"reason": [_("Say why the results are withdrawn: the reason is shown publicly.")]}
        )
    version = PublishedVersion.objects.get(event=locked, is_current=True)
    version.withdrawn_at = timezone.now()
    version.withdrawn_reason = reason
    version.withdrawn_by_name = _user_name(by)
    version.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawn_by_name"])
    locked.status = EventStatus.WITHDRAWN
    _stamp(locked, by)
    locked.save(update_fields=["status", "updated_at"])
    event.status, event.updated_at = locked.status, locked.updated_at
    pages_changed()
    return version
