from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models.functions import Lower

from awards import demo
from awards.models import Award, Category, EvaluationEvent, Ranking, Signatory
from awards.services import award_save, category_save, ranking_save
from offices.models import Channel, Office, OfficeKind
from results.services import event_publish


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
        kinds = {kind.code: kind for kind in OfficeKind.objects.all()}
        categories = {}
        for order, (code, title) in enumerate(demo.AWARDS, start=1):
            award = event.awards.filter(channel=channels[code]).first() or award_save(
                award=Award(event=event, title=title, channel=channels[code], order=order)
            )
            for category_order, (kind, category_title) in enumerate(demo.CATEGORIES, start=1):
                category = award.categories.filter(title=category_title).first() or category_save(
                    category=Category(
                        award=award,
                        title=category_title,
                        places=demo.PLACES_PER_CATEGORY,
                        order=category_order,
                    ),
                    kinds=[kinds[kind]],
                )
                categories[(code, kind)] = category
        created_places = 0
        for code, kind, position, name, shared in demo.PLACES:
            office = offices[(name, kind)]
            category = categories[(code, kind)]
            if Ranking.objects.filter(award=category.award_id, office=office).exists():
                continue
            ranking_save(
                ranking=Ranking(category=category, office=office, position=position, is_shared=shared)
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
