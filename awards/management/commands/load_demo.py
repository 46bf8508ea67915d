from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models.functions import Lower

from awards import demo
from awards.models import EvaluationEvent, Ranking, Signatory
from awards.services import event_publish, ranking_save
from offices.models import Channel, Office


class Command(BaseCommand):
    help = "Load the 2021 Banjarmasin evaluation event of the seed report. Running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        offices = {}
        created_offices = 0
        for name, kind, short_name, parent_name in demo.OFFICES:
            office = (
                Office.objects.annotate(lname=Lower("name")).filter(kind=kind, lname=name.lower()).first()
            )
            if office is None:
                office = Office(name=name, kind_id=kind, short_name=short_name)
                office.parent = offices[(parent_name, kind)] if parent_name else None
                office.full_clean()
                office.save()
                created_offices += 1
            offices[(name, kind)] = office

        event = EvaluationEvent.objects.filter(slug=demo.EVENT["slug"]).first()
        created_event = event is None
        if created_event:
            event = EvaluationEvent(**demo.EVENT)
            event.full_clean()
            event.save()
            for order, (name, title) in enumerate(demo.SIGNATORIES, start=1):
                Signatory.objects.create(event=event, name=name, title=title, order=order)

        channels = {channel.code: channel for channel in Channel.objects.all()}
        created_places = 0
        for code, kind, position, name, shared in demo.PLACES:
            office = offices[(name, kind)]
            if Ranking.objects.filter(event=event, channel=channels[code], office=office).exists():
                continue
            ranking_save(
                ranking=Ranking(
                    event=event, channel=channels[code], office=office, position=position, is_shared=shared
                )
            )
            created_places += 1

        if created_event:
            event_publish(event=event)
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"Demo event “{event.title}”: {created_offices} offices and {created_places} places added "
            f"({'new event' if created_event else 'event already present'})."
        )
