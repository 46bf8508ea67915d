"""Links to the pictures of places, for templates: share cards (og:image) and certificates."""

import hashlib

from django import template
from django.urls import reverse

from awards.models import Ranking
from results.certificates.storage import RENDER_VERSION, card_version
from results.models import VersionPlace

register = template.Library()


def printed_card_tag(row: VersionPlace, kind: str) -> str:
    """The version in the card link of a published place: its version is never edited, so only
    the drawing's own version changes the card (no drawing, no query)."""
    stamp = row.version.published_at.isoformat()
    inputs = "|".join([str(RENDER_VERSION), kind, f"{row.pk}@{stamp}"])
    return hashlib.sha256(inputs.encode()).hexdigest()[:12]


def card_tag(place: Ranking, kind: str) -> str:
    """The version a page puts in a card's link (certificates.storage.card_version).

    card_version reads the channel's last change, which an award without a channel does not
    have; for those the award stands in for the channel, in the same way (no drawing, no query).
    """
    if place.channel is not None:
        return card_version(place, kind)
    stamps = (place, place.office, place.event, place.category.award)
    inputs = "|".join([str(RENDER_VERSION), kind, *(f"{o.pk}@{o.updated_at.isoformat()}" for o in stamps)])
    return hashlib.sha256(inputs.encode()).hexdigest()[:12]


@register.simple_tag(takes_context=True)
def place_card_url(context, place: Ranking, shape: str = "og", absolute: bool = True) -> str:
    """The address of a place's share card, e.g. for ``<meta property="og:image">``.

    ``shape`` is "og" (1200 × 630) or "square" (1080 × 1080). The address carries a version that
    changes with the card, so crawlers and browsers never keep an outdated picture. Nothing is
    drawn here: the card is drawn when first fetched. ``place`` needs its event, channel and
    office loaded (the selectors do).
    """
    if place is None:
        return ""
    url = reverse("results:place-card", kwargs={"pk": place.pk, "shape": shape})
    tag = printed_card_tag if isinstance(place, VersionPlace) else card_tag
    url = f"{url}?v={tag(place, f'card-{shape}')}"
    request = context.get("request")
    if absolute and request is not None:
        return request.build_absolute_uri(url)
    return url


@register.simple_tag
def place_card_alt(place: "Ranking | VersionPlace") -> str:
    """The words a share card stands for: the office and the place, as printed."""
    if isinstance(place, VersionPlace):
        return f"{place.office_display_name} — {place.title}"
    return f"{place.office.display_name} — {place.position_words}"


@register.simple_tag
def printed_logo_url(place: VersionPlace, size: int = 128) -> str:
    """``{% printed_logo_url place 128 %}``: the logo a version printed for the place's office,
    scaled into a 64, 128 or 256 px square, or ""."""
    if not place.office_logo:
        return ""
    # Pillow is loaded only where pictures are made, not with the templates.
    from offices.images import logo_thumbnail_url

    return logo_thumbnail_url(place.office_logo, size)
