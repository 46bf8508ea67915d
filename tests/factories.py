import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from awards.models import COMMITTEE_GROUP, Award, Category, EvaluationEvent, Ranking
from judging.models import JUDGES_GROUP, AccountMetrics, Criterion, CriterionKind, JudgeAssignment, Judging
from offices.models import Channel, Office, OfficeAccount, OfficeKind


def kind(code: str) -> OfficeKind:
    """The office kind with this code, made if missing (the migration makes skpd and kelurahan)."""
    # As the migration makes SKPD (no printed word) and Kelurahan; other kinds print their name.
    skpd = code == OfficeKind.SKPD
    found, _created = OfficeKind.objects.get_or_create(
        code=code,
        defaults={"name": "SKPD" if skpd else code.title(), "prefix": "" if skpd else code.title()},
    )
    return found


class OfficeFactory(factory.django.DjangoModelFactory):
    """An office; ``kind`` may be given as a code ("kelurahan") or as an OfficeKind."""

    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = factory.LazyFunction(lambda: kind(OfficeKind.SKPD))

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # Tests name a kind by its code (kind="kelurahan") or pass the row.
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


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Penghargaan {n}")
    order = factory.Sequence(lambda n: n)


class CategoryFactory(factory.django.DjangoModelFactory):
    """A category admitting ``kinds`` (codes or rows; SKPD and Kelurahan unless given)."""

    class Meta:
        model = Category
        skip_postgeneration_save = True

    award = factory.SubFactory(AwardFactory)
    title = factory.Sequence(lambda n: f"Kategori {n}")
    places = 3

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        codes = extracted if extracted is not None else [OfficeKind.SKPD, OfficeKind.KELURAHAN]
        self.kinds.set([code if isinstance(code, OfficeKind) else kind(code) for code in codes])


def channel_award(event: EvaluationEvent, channel: Channel) -> Award:
    """The event's award tied to this channel (“Terbaik Pengelolaan Instagram”), made when missing,
    without categories (give them with channel_category or CategoryFactory)."""
    award = Award.objects.filter(event=event, channel=channel).order_by("order", "pk").first()
    if award is None:
        award = Award.objects.create(
            event=event, channel=channel, title=f"Terbaik Pengelolaan {channel.name}", order=channel.order
        )
    return award


def channel_category(event: EvaluationEvent, channel: Channel, kind_code: str, places: int = 3) -> Category:
    """The category of ``event`` for offices of this kind in the award of this channel, made as
    the 2021 event has them (“Terbaik Pengelolaan Instagram”, “SKPD”) when it is not there yet."""
    award = channel_award(event, channel)
    office_kind = kind(kind_code)
    category = award.categories.filter(kinds=office_kind).first()
    if category is None:
        category = Category.objects.create(
            award=award, title=office_kind.name, places=places, order=office_kind.order
        )
        category.kinds.add(office_kind)
    return category


class RankingFactory(factory.django.DjangoModelFactory):
    """A place. Give ``category``, or ``event`` and ``channel`` (website unless given) for a place
    in that channel's award, in the category of the office's kind (see channel_category)."""

    class Meta:
        model = Ranking

    class Params:
        event = None
        channel = None
        places = 3

    office = factory.SubFactory(OfficeFactory)
    category = factory.LazyAttribute(
        lambda o: channel_category(
            o.event or EventFactory(),
            o.channel or Channel.objects.get(code="website"),
            o.office.kind_id,
            places=o.places,
        )
    )
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
    """A criterion of ``award``; or give ``event`` and ``channel`` (Instagram unless given) for
    the event's award tied to that channel, the old tests' shape."""

    class Meta:
        model = Criterion

    class Params:
        event = None
        channel = None

    award = factory.LazyAttribute(
        lambda o: channel_award(o.event or EventFactory(), o.channel or Channel.objects.get(code="instagram"))
    )
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
