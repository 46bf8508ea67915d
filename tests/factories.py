import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from awards.models import COMMITTEE_GROUP, EvaluationEvent, Ranking
from offices.models import Channel, Office, OfficeAccount, OfficeKind


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = OfficeKind.SKPD


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
