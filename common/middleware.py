"""Language selection: public pages by their address, the admin by the user's choice."""

from django.middleware import locale
from django.utils import translation

# The admin and the language view are outside i18n_patterns. Django would give them the
# default language (Indonesian) whatever the user chose; here they keep the usual choice from
# the language cookie or the browser, as the admin had before the public pages got prefixes.
_NEGOTIATED_PREFIXES = ("/admin/", "/i18n/")


class LocaleMiddleware(locale.LocaleMiddleware):
    def process_request(self, request) -> None:
        super().process_request(request)
        if request.path_info.startswith(_NEGOTIATED_PREFIXES):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
