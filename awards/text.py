"""Words for places, shared by the public pages, winner lists and certificates."""

from django.utils.translation import gettext, pgettext

_ORDINALS = {
    1: lambda: pgettext("place", "First place"),
    2: lambda: pgettext("place", "Second place"),
    3: lambda: pgettext("place", "Third place"),
}


def position_in_words(position: int, *, shared: bool = False) -> str:
    """A position as it is written on a certificate: “Terbaik Pertama”, “First place”.

    Positions past the third, which an event with more places per category gives, read
    “Terbaik ke-4” / “Place 4”. A shared place says so: “Terbaik Ketiga (bersama)”.
    """
    words = (
        _ORDINALS[position]()
        if position in _ORDINALS
        else gettext("Place %(position)d") % {"position": position}
    )
    if shared:
        return gettext("%(place)s (shared)") % {"place": words}
    return words
