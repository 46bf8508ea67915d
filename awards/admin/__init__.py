"""The committee's admin, one module per page; importing them registers the model admins.

``publishing`` adds its pages to the event's through ``hooks`` and is imported last, as the app
that will own it would be.
"""

from awards.admin import (  # noqa: F401
    awards,
    events,
    places,
    publishing,
    signatories,
)
