"""Words for places, as certificates, pages and spreadsheets print them."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def position_words(position: int) -> str:
    """“Terbaik Pertama” for 1 (“First place” in English), and so on; a number past the third."""
    words = {
        1: _("First place"),
        2: _("Second place"),
        3: _("Third place"),
    }
    if position in words:
        return words[position]
    return pgettext("position in words", "Place %(position)s") % {"position": position}
