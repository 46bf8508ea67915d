"""Draw and store every certificate of an event not stored yet (e.g. from cron after publishing)."""

from django.core.management.base import BaseCommand, CommandError

from awards.models import EvaluationEvent, Ranking
from results.certificates.storage import event_certificates_draw


class Command(BaseCommand):
    help = "Draw and store the certificates of an event that are not stored yet, so its ZIP is ready."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the event's slug")

    def handle(self, *args, slug: str, **options):
        try:
            event = EvaluationEvent.objects.get(slug=slug)
        except EvaluationEvent.DoesNotExist:
            raise CommandError(f"No event with the slug {slug!r}.") from None
        drawn = event_certificates_draw(event=event)
        places = Ranking.objects.filter(award__event=event).count()
        self.stdout.write(f"{drawn} certificates drawn for {event.slug} ({places} places).")
