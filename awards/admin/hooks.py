"""What the event's and the places' admin pages offer from apps above awards, without awards importing them.

Awards sends these signals and renders or serves what the receivers return; the app that owns a
step (publishing, the files of the results) connects to them, as pretalx's navigation signals
let a plugin add to the organiser's pages. Every receiver is called with the keyword arguments
named below and returns a list (or, for ``event_admin_saved``, a response or None).
"""

from dataclasses import dataclass

from django.dispatch import Signal

# model_admin: the event's admin. Returns URL patterns, served under the event's admin address.
event_admin_urls = Signal()
# request, event (None on the add page). Returns the AdminLinks this user is offered there.
event_admin_links = Signal()
# request. Returns the admin actions (``@admin.action`` functions) this user may run on events.
event_admin_actions = Signal()
# model_admin. Returns columns (``@admin.display`` functions of an event) for the list of events.
event_admin_columns = Signal()
# request, event: the event was just saved from its page. Returns the response to answer with,
# or None to let the admin answer as usual (a submit AdminLink is answered here).
event_admin_saved = Signal()

# model_admin: the places' admin. Returns URL patterns, served under the place's admin address.
place_admin_urls = Signal()
# Returns columns (``@admin.display`` functions of a place) for the list of places and for the
# table of places on an award's page.
place_admin_columns = Signal()
# ranking_id. Returns what the published record says of the place (the versions it appeared in),
# listed in the place's trust trail.
place_admin_versions = Signal()


@dataclass(frozen=True)
class AdminLink:
    label: str
    url: str = ""
    # The name of a submit button instead of a link: the event's form is saved first.
    submit: str = ""
    # The heading of the box it is listed in, below the event's fields; "" puts it in the row of
    # buttons under the form.
    section: str = ""
    download: bool = False


def answers(signal: Signal, **kwargs) -> list:
    """Every receiver's list, in the order they were connected, as one list."""
    return [item for _receiver, response in signal.send(sender=None, **kwargs) for item in response or ()]


def first_answer(signal: Signal, **kwargs):
    return next((response for _receiver, response in signal.send(sender=None, **kwargs) if response), None)
