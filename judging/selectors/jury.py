"""The jury of an event judged in the app, as the berita acara names it."""

from django.contrib.auth import get_user_model

from awards.models import EvaluationEvent
from judging.selectors.breakdown import finalised_judging
from results.freezing import JURY


def event_jury(event: EvaluationEvent) -> list[dict]:
    """The judges assigned to the event, once each, by name: [{"name", "title"}] (one query more
    than the breakdown's, only for an event finalised in the app).
    Empty unless the event's places were finalised in the app: a jury that only started scoring
    did not decide the places the committee entered."""
    if finalised_judging(event) is None:  # read once with the breakdown: no query of its own
        return []
    judges = get_user_model().objects.filter(judge_assignments__event=event).distinct()
    names = sorted({judge.get_full_name() or judge.get_username() for judge in judges}, key=str.casefold)
    return [{"name": name, "title": "Juri"} for name in names]


def freeze_jury(sender, *, event: EvaluationEvent, extras: dict, **kwargs) -> None:
    """Receiver of results.freezing.version_freezing: the judges who decided the places, kept with
    the version (results.freezing.JURY) so that its berita acara names them as they were then."""
    jury = event_jury(event)
    if jury:
        extras[JURY] = jury
