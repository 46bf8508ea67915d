"""Publishing: freezing an event into its next version, corrections, the appeal window and
withdrawal. Each under the event's row lock (awards.services.event_lock), as every edit of its
places is."""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awards.models import EvaluationEvent, EventStatus
from awards.services import event_lock
from awards.words import ranking_words
from common.pagecache import pages_changed
from offices.government import government
from results.changes import record_entry, version_changes
from results.codes import new_code
from results.freezing import event_snapshot, place_fingerprint
from results.models import (
    PublishedVersion,
    VersionAward,
    VersionCategory,
    VersionPlace,
    VersionSignatory,
    VersionStatus,
)
from results.pages import snapshot_page, version_page

# The event's words a version prints, copied onto it as they are at publishing.
PRINTED_EVENT_FIELDS = (
    "title",
    "year",
    "venue",
    "city",
    "description",
    "notes",
    "place_word",
    "place_numbering",
    "mention_word",
    "certificate_design",
    "certificate_background",
)
# Rows per INSERT: within SQLite's limit on query parameters (30 columns a place).
ROWS_PER_INSERT = 500


@dataclass
class VersionRows:
    """A version's rows built from a snapshot, not saved: publishing saves them; the committee's
    preview prints them as they are (one builder, so the preview shows what publishing keeps)."""

    signatories: list[VersionSignatory]
    awards: list[VersionAward]
    categories: list[VersionCategory]
    # Without their verification codes: publishing gives each its code.
    places: list[VersionPlace]


def version_rows_build(*, version: PublishedVersion, content: dict, places: list[dict]) -> VersionRows:
    """The rows of ``version`` (saved or not) from frozen ``content`` and ``places``, in the
    frozen order; nothing is written."""
    signatories = [
        VersionSignatory(
            version=version,
            name=s["name"],
            title=s["title"],
            nip=s.get("nip", ""),
            signature=s.get("signature", ""),
            stamp=s.get("stamp", ""),
            order=n,
        )
        for n, s in enumerate(content["signatories"], start=1)
    ]
    awards = [
        VersionAward(
            version=version,
            award_id=data["id"],
            title=data["title"],
            channel_id=data["channel"]["id"] if data["channel"] else None,
            channel_code=data["channel"]["code"] if data["channel"] else "",
            channel_name=data["channel"]["name"] if data["channel"] else "",
            award_order=data["order"],
            order=n,
        )
        for n, data in enumerate(content["awards"], start=1)
    ]
    categories = [
        VersionCategory(
            award=award,
            category_id=item["id"],
            title=item["title"],
            places=item["places"],
            mentions=item["mentions"],
            category_order=item["order"],
            order=m,
        )
        for award, data in zip(awards, content["awards"], strict=True)
        for m, item in enumerate(data["categories"], start=1)
    ]
    by_category = {category.category_id: category for category in categories}
    event = content["event"]
    rows = []
    for order, data in enumerate(places, start=1):
        category = by_category[data["category_id"]]
        office, kind, parent = data["office"], data["office"]["kind"], data["office"]["parent"]
        rows.append(
            VersionPlace(
                version=version,
                category=category,
                ranking_id=data["ranking_id"],
                office_id=office["id"],
                channel_id=category.award.channel_id,
                level=data["level"],
                position=data["position"],
                is_shared=data["is_shared"],
                title=ranking_words(
                    place_word=event["place_word"],
                    numbering=event["place_numbering"],
                    mention_word=event["mention_word"],
                    level=data["level"],
                    position=data["position"],
                    shared=data["is_shared"],
                ),
                score=data["score"],
                citation=data["citation"],
                office_name=office["name"],
                office_short_name=office["short_name"],
                office_slug=office["slug"],
                office_logo=office["logo"],
                kind_code=kind["code"],
                kind_name=kind["name"],
                kind_prefix=kind["prefix"],
                kind_order=kind["order"],
                parent_name=parent["name"] if parent else "",
                parent_prefix=parent["kind"]["prefix"] if parent else "",
                account_handle=data["account_handle"],
                account_url=data["account_url"],
                order=order,
                fingerprint=place_fingerprint(content, data),
                data=data,
            )
        )
    return VersionRows(signatories=signatories, awards=awards, categories=categories, places=rows)


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
    latest: PublishedVersion, latest_rows: list[VersionPlace], snapshot, *, final: bool, deadline
) -> bool:
    """Whether a new version would print exactly what the current one prints, with the same
    standing (final, or provisional until the same deadline). After a withdrawal, publishing the
    same results again is new: the public sees them again."""
    if latest.withdrawn_at is not None or latest.status != (
        VersionStatus.FINAL if final else VersionStatus.PROVISIONAL
    ):
        return False
    if not final and latest.appeal_deadline != deadline:
        return False
    printed = {name: value for name, value in snapshot.content.items() if name != "record"}
    if printed != {name: value for name, value in latest.content.items() if name != "record"}:
        return False
    # Each place as its certificate prints it (the fingerprint) and as the pages print the rest, in
    # the printed order.
    new = [
        (
            place_fingerprint(snapshot.content, data),
            data["score"],
            data["citation"],
            data["account_handle"],
            data["account_url"],
            data["office"]["short_name"],
        )
        for data in snapshot.places
    ]
    old = [
        (
            row.fingerprint,
            str(row.score) if row.score is not None else None,
            row.citation,
            row.account_handle,
            row.account_url,
            row.office_short_name,
        )
        for row in latest_rows
    ]
    return new == old


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
    page = snapshot_page(snapshot, locked)
    previous = None
    previous_rows: list[VersionPlace] = []
    if latest is not None:
        previous_rows = list(latest.places.select_related("category__award").order_by("order"))
        previous = version_page(latest, previous_rows)
    changes = version_changes(previous, page)
    if latest is not None and _publishes_nothing_new(
        latest, previous_rows, snapshot, final=final, deadline=appeal_deadline
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
    record = list(latest.content.get("record", [])) if latest else []
    if latest is not None:
        record.append(record_entry(latest))
    snapshot.content["record"] = record
    PublishedVersion.objects.filter(event=locked, is_current=True).update(is_current=False)
    frozen_event = snapshot.content["event"]
    version = PublishedVersion.objects.create(
        **{name: frozen_event[name] for name in PRINTED_EVENT_FIELDS},
        held_on=locked.held_on,
        heading=snapshot.content["government"]["heading"],
        emblem=snapshot.content["government"]["emblem"],
        extras=snapshot.content["extras"],
        event=locked,
        number=(latest.number + 1) if latest else 1,
        status=VersionStatus.FINAL if final else VersionStatus.PROVISIONAL,
        appeal_deadline=None if final else appeal_deadline,
        reason=reason,
        changes=changes,
        content=snapshot.content,
        published_at=now,
        published_by=by if by is not None and by.pk else None,
        published_by_name=_user_name(by),
        is_current=True,
    )
    # An unchanged place keeps its verification code: its certificate is still the same.
    kept = {
        (row.category.award.award_id, row.office_id): (row.fingerprint, row.code) for row in previous_rows
    }
    taken = set(VersionPlace.objects.filter(version__event=locked).values_list("code", flat=True))
    rows = version_rows_build(version=version, content=snapshot.content, places=snapshot.places)
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
