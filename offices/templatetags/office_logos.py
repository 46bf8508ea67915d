"""The office logo in templates: always a thumbnail, never the stored file itself."""

from django import template

from offices.models import Office

register = template.Library()


@register.simple_tag
def office_logo_url(office: Office, size: int = 128) -> str:
    """``{% office_logo_url office 64 %}``: the logo scaled into a 64, 128 or 256 px square, or ""."""
    return office.logo_thumbnail_url(size)
