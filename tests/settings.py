"""The project's settings for the test run, with one change: a fast password hasher.

PBKDF2's deliberate slowness costs about a fifth of a second per login or password set, and the
suite signs users in a few hundred times (cookiecutter-django's test settings do the same).
Production keeps Django's default hashers: tests/project/test_production_settings.py checks that
in a fresh process started without this module.
"""

from smartcity_awards.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A live server's request threads keep their database connections for this long after answering;
# still open when the session drops the test database, PostgreSQL refuses the drop. Every request
# closes its connection in tests (production keeps them, settings.py says why).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
