"""The words of one place, read from the committee's models into ``documents``' plain PlaceText."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from awards.words import event_day
from documents.certificates.words import PlaceText, award_after_place, city_line

if TYPE_CHECKING:
    from awards.models import Ranking, Signatory


def place_text(ranking: "Ranking", signatories: Sequence["Signatory"]) -> PlaceText:
    """The words of one place; ``ranking`` comes with its category, award, event and office loaded.

    “Terbaik Pertama Pengelolaan Website — Kategori SKPD”: the place in the event's words, the
    award's title (without its own leading place word), and the category (unless it is named
    like its award). “Harapan 1 Anugerah PPID — Kategori OPD” for an honourable mention; the
    date is the year alone when the event's day is unknown; ``channel`` is "" for an award
    without one. ``code`` and ``verify_url`` stay empty: the caller that knows the place's code adds
    them (``dataclasses.replace``).
    """
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
        city_line=city_line(event.city),
        office=office.display_name,
        position=place,
        category=f"{place} {discipline}",
        discipline=discipline,
        channel=award.channel.name if award.channel_id else "",
        event=event.title,
        where_when=", ".join([w for w in where if w] + [date]),
        date=date,
        year=str(event.year),
        signatories=tuple((s.name, s.title) for s in signatories),
        logo_name=office.logo.name or "",
    )
