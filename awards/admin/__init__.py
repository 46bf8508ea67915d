"""The committee's admin, one module per page; importing them registers the model admins."""

from awards.admin import awards, events, places, signatories  # noqa: F401
