"""Path converters for the pictures of places (public URLs and the admin's) and the open-data files."""

from django.urls import register_converter


class _Choice:
    """A path segment that is one of a few fixed words."""

    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CertificateFormat(_Choice):
    regex = "png|pdf"


class CardShape(_Choice):
    regex = "square|og"


class OpenDataFormat(_Choice):
    regex = "json|csv"


# Registered once, when this module is first imported (by awards.urls or awards.admin).
register_converter(CertificateFormat, "certfmt")
register_converter(CardShape, "cardshape")
register_converter(OpenDataFormat, "odfmt")
