from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from offices.government import government


def _site_name() -> str:
    return government().site_name or gettext("Smart City Awards")


def government_context(request) -> dict:
    """The government (name, heading, footer) and the site's name for every page; each read only
    when a template asks for it, so pages that do not print them pay nothing."""
    return {"government": SimpleLazyObject(government), "site_name": SimpleLazyObject(_site_name)}
