"""Links to the pictures of places, for templates: share cards (og:image) and certificates."""

from django import template
from django.urls import reverse

from awards.certificates.storage import card_version
from awards.models import Ranking

register = template.Library()


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
    url = reverse("awards:place-card", kwargs={"pk": place.pk, "shape": shape})
    url = f"{url}?v={card_version(place, f'card-{shape}')}"
    request = context.get("request")
    if absolute and request is not None:
        return request.build_absolute_uri(url)
    return url
