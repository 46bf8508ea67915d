"""The jury of an event judged in the app, as the berita acara names it."""

from django.contrib.auth import get_user_model

from awards.models import EvaluationEvent
from judging.models import Judging
from results.freezing import JURY


def event_jury(event: EvaluationEvent) -> list[dict]:
    """The judges assigned to the event, once each, by name: [{"name", "title"}] (two queries).
    Empty unless the event's places were finalised in the app: a jury that only started scoring
    did not decide the places the committee entered."""
    if not Judging.objects.filter(event=event, finalised_at__isnull=False).exists():
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
