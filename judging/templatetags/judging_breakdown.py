"""The public score breakdown, for the awards event page: judging owns what it shows, and the
awards template only names this tag, so awards never imports judging."""

from django import template

from judging.selectors import event_score_breakdown

register = template.Library()


@register.inclusion_tag("judging/_score_breakdown.html")
def score_breakdown(event, award=None) -> dict:
    """The winners' scores stored at finalising, if the event shows them; nothing otherwise.
    ``{% score_breakdown event award %}`` shows that award's categories alone (the event page
    names it per award; the stored breakdown is read once per page whatever the awards)."""
    return {"breakdown": event_score_breakdown(event=event, award=award), "award": award}
