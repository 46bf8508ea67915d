"""Production settings plus the benchmark's own URLs (a trivial view, an uncached results page).

The extra views live only here, never in the production URLconf.
"""

from smartcity_awards.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The pages' stylesheet link needs no manifest: the benchmark measures pages, not static files.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One log line per request would measure the logger.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
