"""The committee's admin, one module per page; importing them registers the model admins.

Publishing (results/admin.py) reaches the pages of events and places only through ``hooks``:
awards names no higher app.
"""

from awards.admin import (  # noqa: F401
    awards,
    events,
    places,
    signatories,
)
