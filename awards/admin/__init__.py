"""The committee's admin, one module per page; importing them registers the model admins.

``publishing`` reaches the pages of events and places only through ``hooks``, so that the app
that will own it can import it from its own admin module instead.
"""

from awards.admin import (  # noqa: F401
    awards,
    events,
    places,
    publishing,
    signatories,
)
