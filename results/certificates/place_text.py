"""The words of one place, read from the committee's models (a draft) or from a published version's
rows into ``documents``' plain PlaceText."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.timezone import localtime

from awards.words import event_day
from common.words import indonesian_date
from documents.certificates.words import PlaceText, Signer, award_after_place
from offices.government import government as read_government

if TYPE_CHECKING:
    from awards.models import Ranking, Signatory
    from offices.models import Government
    from results.models import PublishedVersion, VersionPlace, VersionSignatory


def signers(signatories: Sequence["Signatory | VersionSignatory"]) -> tuple[Signer, ...]:
    """The signatories as printed: a live one's pictures by their storage names, a version's as kept."""
    return tuple(Signer(s.name, s.title, s.nip, _name(s.signature), _name(s.stamp)) for s in signatories)


def _name(picture) -> str:
    # A live signatory's ImageField file, or a version row's storage name as it was copied.
    return getattr(picture, "name", picture) or ""


def place_text(
    ranking: "Ranking", signatories: Sequence["Signatory"], government: "Government | None" = None
) -> PlaceText:
    """The words of one place; ``ranking`` comes with its category, award, event and office loaded.

    “Terbaik Pertama Pengelolaan Website — Kategori SKPD”: the place in the event's words, the
    award's title (without its own leading place word), and the category (unless it is named
    like its award). “Harapan 1 Anugerah PPID — Kategori OPD” for an honourable mention; the
    date is the year alone when the event's day is unknown; ``channel`` is "" for an award
    without one. ``code`` and ``verify_url`` stay empty: the caller that knows the place's code adds
    them (``dataclasses.replace``). ``government`` is read when not given (callers drawing a whole
    event read it once).
    """
    government = government or read_government()
    category = ranking.category
    award = category.award
    event, office = award.event, ranking.office
    place = ranking.title
    date = event_day(event)
    discipline = award_after_place(award.title, event.place_word)
    if category.title and category.title.casefold() != award.title.casefold():
        discipline = f"{discipline} — Kategori {category.title}"
    where = [event.venue.strip()]
    if event.city.strip().lower() not in event.venue.lower():
        where.append(event.city.strip())
    return PlaceText(
        city_line=government.printed_heading,
        office=office.display_name,
        position=place,
        category=f"{place} {discipline}",
        discipline=discipline,
        channel=award.channel.name if award.channel_id else "",
        event=event.title,
        where_when=", ".join([w for w in where if w] + [date]),
        date=date,
        year=str(event.year),
        signatories=signers(signatories),
        logo_name=office.logo.name or "",
        emblem_name=government.emblem.name or "",
        design=event.certificate_design,
        background_name=event.certificate_background.name or "",
    )


def printed_place_text(row: "VersionPlace", signatories: Sequence["VersionSignatory"]) -> PlaceText:
    """The words of one published place, read from its version's rows as they were printed.

    ``row`` comes with its category, award and version loaded. The same words as ``place_text``
    gives the live place it was frozen from, but a later edit of the draft, a renamed office or
    channel does not rewrite them. ``code`` and ``verify_url`` stay empty, as there.
    """
    category = row.category
    award = category.award
    version = award.version
    place = row.title
    date = indonesian_date(version.held_on) if version.held_on else str(version.year)
    discipline = award_after_place(award.title, version.place_word)
    if category.title and category.title.casefold() != award.title.casefold():
        discipline = f"{discipline} — Kategori {category.title}"
    where = [version.venue.strip()]
    if version.city.strip().lower() not in version.venue.lower():
        where.append(version.city.strip())
    return PlaceText(
        city_line=version.heading,
        office=row.office_display_name,
        position=place,
        category=f"{place} {discipline}",
        discipline=discipline,
        channel=award.channel_name,
        event=version.title,
        where_when=", ".join([w for w in where if w] + [date]),
        date=date,
        year=str(version.year),
        signatories=signers(signatories),
        logo_name=row.office_logo,
        emblem_name=version.emblem,
        design=version.certificate_design,
        background_name=version.certificate_background,
        provisional=provisional_words(version),
    )


def provisional_words(version: "PublishedVersion") -> str:
    """What a provisional version's certificate and card print of it, with until when; "" for a
    final version. Fixed words (a picture is not redrawn when the window closes)."""
    if version.is_final:
        return ""
    deadline = localtime(version.appeal_deadline)
    until = f"{indonesian_date(deadline.date())}, {deadline:%H.%M} {deadline.tzname()}"
    return f"HASIL SEMENTARA — masa sanggah sampai {until}"
