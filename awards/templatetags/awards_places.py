"""The places of a results list as HTML: ``{% place_items item.places %}`` inside ``<ol class="places">``.

This is the hot path of the public results pages (every place of an event, on every page-cache
miss). Through the template engine a place cost an include, two dozen variable lookups and four
``reverse()`` calls; here the addresses are reversed once per page and each place is one
``format_html``. The markup is that of templates/includes/_office_logo.html for the logo and
of the place links (certificates, share card) that published places carry.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from awards.models import Ranking
from awards.templatetags.awards_images import card_tag

register = template.Library()

# An id no row has, reversed once and then replaced by each place's own.
_MARK = 987654321


class _Links:
    """The addresses of one page's place links, reversed once and completed per place."""

    def __init__(self) -> None:
        self.office = reverse("awards:office-detail", kwargs={"slug": str(_MARK)}).split(str(_MARK))
        self.pdf = reverse("awards:place-certificate", kwargs={"pk": _MARK, "fmt": "pdf"}).split(str(_MARK))
        self.png = reverse("awards:place-certificate", kwargs={"pk": _MARK, "fmt": "png"}).split(str(_MARK))
        self.card = reverse("awards:place-card", kwargs={"pk": _MARK, "shape": "square"}).split(str(_MARK))
        self.words = {
            "pdf": gettext("Certificate (PDF)"),
            "png": gettext("Certificate (PNG)"),
            "card": gettext("Share image"),
        }

    @staticmethod
    def fill(parts: list[str], value) -> str:
        return f"{parts[0]}{value}{parts[1]}"


def _logo(office) -> SafeString:
    logo_url = office.logo_thumbnail_url(128)
    if logo_url:
        return format_html(
            '<img class="logo" src="{}" alt="{}" width="48" height="48" loading="lazy">',
            logo_url,
            gettext("Logo of %(office)s") % {"office": office.display_name},
        )
    return format_html(
        '<span class="logo logo-placeholder logo-{}" aria-hidden="true">{}</span>',
        office.kind_id,
        office.initials,
    )


def _place_links(place: Ranking, links: _Links) -> SafeString:
    # Only a published place (drawn from its version) has certificates; a preview's have no id.
    if place.pk is None or not place.event.is_published:
        return mark_safe("")
    return format_html(
        '\n    <span class="place-links">\n'
        '      <a href="{}" download>{}</a>\n'
        '      <a href="{}" download>{}</a>\n'
        '      <a href="{}?v={}">{}</a>\n'
        "    </span>",
        links.fill(links.pdf, place.pk),
        links.words["pdf"],
        links.fill(links.png, place.pk),
        links.words["png"],
        links.fill(links.card, place.pk),
        card_tag(place, "card-square"),
        links.words["card"],
    )


def _classes(place: Ranking) -> tuple[str, str]:
    """The CSS classes of a place's item and medal: gold, silver and bronze only for the first three
    places; an honourable mention has its own (it is never a medal, whatever its number)."""
    if place.is_mention:
        return f"mention mention-{place.position}", "medal-mention"
    if place.position <= 3:
        return f"place-{place.position}", f"medal-{place.position}"
    return f"place-{place.position}", "medal-other"


def _place(place: Ranking, links: _Links) -> SafeString:
    office = place.office
    place_class, medal_class = _classes(place)
    short_name = (
        format_html(' <span class="short-name">({})</span>', office.short_name) if office.short_name else ""
    )
    parent = (
        format_html('\n    <p class="place-parent">{}</p>', office.parent.display_name)
        if office.parent
        else ""
    )
    account = ""
    if place.account_url:
        account = format_html(
            '\n    <p class="place-account"><a href="{}" rel="external noopener">{}: {}</a></p>',
            place.account_url,
            gettext("Account on %(channel)s") % {"channel": place.channel.name},
            place.account_handle,
        )
    citation = format_html('\n    <p class="place-citation">{}</p>', place.citation) if place.citation else ""
    return format_html(
        '<li class="place {place_class}">\n'
        '  <span class="medal {medal_class}" aria-hidden="true">{position}</span>\n'
        "  {logo}\n"
        '  <div class="place-body">\n'
        '    <p class="place-position">{words}</p>\n'
        '    <p class="place-office"><a href="{office_url}">{office}</a>{short_name}</p>'
        "{parent}{account}{citation}{links}\n"
        "  </div>\n"
        "</li>\n",
        place_class=place_class,
        medal_class=medal_class,
        position=place.position,
        logo=_logo(office),
        words=place.title,
        office_url=links.fill(links.office, office.slug),
        office=office.display_name,
        short_name=short_name,
        parent=parent,
        account=account,
        citation=citation,
        links=_place_links(place, links),
    )


@register.simple_tag(takes_context=True)
def place_items(context, places: list[Ranking]) -> SafeString:
    """The ``<li>`` of each place, in the given order; places come from selectors.event_sections."""
    links = context.render_context.get(_Links)
    if links is None:
        links = context.render_context[_Links] = _Links()
    return mark_safe("".join(_place(place, links) for place in places))
