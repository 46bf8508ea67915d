import pytest

from judging.models import CriterionKind, Formula
from offices.models import Channel, OfficeKind
from tests.factories import (
    CriterionFactory,
    JudgeAssignmentFactory,
    JudgingFactory,
    OfficeAccountFactory,
    OfficeFactory,
    channel_category,
    make_judge,
)

# Fixtures of the judging tests: a small Instagram judging of three kelurahan.


@pytest.fixture
def judged_event():
    """An award “Terbaik Pengelolaan Instagram” with a category “Kelurahan” (3 places), three
    kelurahan, posts per week (measured, weight 40) and content quality (judged, weight 60), two
    judges assigned to all three offices. 28-day period."""
    instagram = Channel.objects.get(code="instagram")
    judging = JudgingFactory()
    event = judging.event
    category = channel_category(event, instagram, OfficeKind.KELURAHAN)
    award = category.award
    offices = {
        name: OfficeFactory(name=name, kind=OfficeKind.KELURAHAN)
        for name in ("Belitung Utara", "Banua Anyar", "Sungai Lulut")
    }
    accounts = {name: OfficeAccountFactory(office=o, channel=instagram) for name, o in offices.items()}
    posts = CriterionFactory(
        award=award,
        name="Frekuensi unggahan",
        kind=CriterionKind.MEASURED,
        formula=Formula.POSTS_PER_WEEK,
        weight=40,
        order=1,
    )
    quality = CriterionFactory(award=award, name="Kualitas konten", weight=60, order=2)
    judges = [make_judge("juri-a"), make_judge("juri-b")]
    for judge in judges:
        for office in offices.values():
            JudgeAssignmentFactory(event=event, judge=judge, office=office)
    return {
        "event": event,
        "judging": judging,
        "channel": instagram,
        "award": award,
        "category": category,
        "offices": offices,
        "accounts": accounts,
        "posts": posts,
        "quality": quality,
        "judges": judges,
    }
