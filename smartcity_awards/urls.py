"""Root URLs: the admin, the language view, and the public pages in both languages.

Public pages carry their language in the address: Indonesian (the default) without a prefix,
English under /en/. A page's address thus names one language, so it can be cached, shared and
linked as it is, and the language switch is a plain link that works without JavaScript.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from common import otp
from common.health import healthz
from common.security import LoginForm, view_on_site

# Public 404s are cacheable for as long as a page (common/errors.py).
handler404 = "common.errors.page_not_found"

admin.site.site_header = _("Smart City Awards")
admin.site.site_title = _("Smart City Awards")
admin.site.index_title = _("Committee workspace")
# Asks whether a name guessed from many addresses must wait before its password is checked.
admin.site.login_form = LoginForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before the admin's own shortcut, which would show any staff member a draft's address.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="admin-view-on-site",
    ),
    path("admin/two-factor/setup/", admin.site.admin_view(otp.setup_view), name=otp.SETUP_URL_NAME),
    path("admin/two-factor/verify/", admin.site.admin_view(otp.verify_view), name=otp.VERIFY_URL_NAME),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *i18n_patterns(
        path("offices/", include("offices.urls")),
        path("judging/", include("judging.urls")),
        path("", include("results.urls")),
        prefix_default_language=False,
    ),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
