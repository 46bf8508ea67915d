"""Path converters for the pictures of places, used by the public URLs and the admin's."""

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


# Registered once, when this module is first imported (by awards.urls or awards.admin).
register_converter(CertificateFormat, "certfmt")
register_converter(CardShape, "cardshape")
