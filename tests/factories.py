import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from awards.models import COMMITTEE_GROUP, EvaluationEvent, Ranking
from judging.models import JUDGES_GROUP, AccountMetrics, Criterion, CriterionKind, JudgeAssignment, Judging
from offices.models import Channel, Office, OfficeAccount, OfficeKind


def kind(code: str) -> OfficeKind:
    """The office kind with this code, made if missing (the migration makes skpd and kelurahan)."""
    found, _created = OfficeKind.objects.get_or_create(
        code=code,
        defaults={"name": code.title(), "prefix": "Kelurahan" if code == OfficeKind.KELURAHAN else ""},
    )
    return found


class OfficeFactory(factory.django.DjangoModelFactory):
    """An office; ``kind`` may be given as a code ("kelurahan") or as an OfficeKind."""

    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = OfficeKind.SKPD

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("kind"), str):
            kwargs["kind"] = kind(kwargs["kind"])
        return kwargs


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    code = factory.Sequence(lambda n: f"channel-{n}")
    name = factory.Sequence(lambda n: f"Channel {n}")
    order = factory.Sequence(lambda n: 100 + n)


class OfficeAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeAccount

    office = factory.SubFactory(OfficeFactory)
    channel = factory.SubFactory(ChannelFactory)
    handle = factory.Sequence(lambda n: f"@akun{n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationEvent

    title = factory.Sequence(lambda n: f"Evaluasi Smart City {n}")
    slug = factory.Sequence(lambda n: f"evaluasi-{n}")
    year = 2021
    held_on = datetime.date(2021, 11, 2)
    venue = "Aula Kayuh Baimbai"
    city = "Banjarmasin"


class RankingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ranking

    event = factory.SubFactory(EventFactory)
    channel = factory.LazyFunction(lambda: Channel.objects.get(code="website"))
    office = factory.SubFactory(OfficeFactory)
    position = 1


def make_committee_member(username: str = "sekretaris", password: str = "rahasia-komite-2021"):
    user = get_user_model().objects.create_user(username=username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=COMMITTEE_GROUP))
    return user


class JudgingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judging

    event = factory.SubFactory(EventFactory)
    # 28 days: four weeks, so that posts per week is posts / 4.
    period_start = datetime.date(2021, 9, 1)
    period_end = datetime.date(2021, 9, 28)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    event = factory.SubFactory(EventFactory)
    channel = factory.LazyFunction(lambda: Channel.objects.get(code="instagram"))
    name = factory.Sequence(lambda n: f"Kriteria {n}")
    kind = CriterionKind.JUDGED
    weight = 10
    max_points = 100


class AccountMetricsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountMetrics

    event = factory.SubFactory(EventFactory)
    account = factory.SubFactory(OfficeAccountFactory)


class JudgeAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JudgeAssignment

    event = factory.SubFactory(EventFactory)
    judge = factory.LazyFunction(lambda: make_judge())
    office = factory.SubFactory(OfficeFactory)


def make_judge(username: str | None = None, password: str = "rahasia-juri-2021"):
    if username is None:
        username = f"juri{get_user_model().objects.count() + 1}"
    user = get_user_model().objects.create_user(username=username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=JUDGES_GROUP))
    return user
