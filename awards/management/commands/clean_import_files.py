from django.core.management.base import BaseCommand

from common.spreadsheet_admin import import_files_remove_stale


class Command(BaseCommand):
    help = "Remove the files of import previews that were never confirmed (older than a day)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="age in hours (default 24)")

    def handle(self, *args, hours: int, **options):
        removed = import_files_remove_stale(older_than_seconds=hours * 3600)
        self.stdout.write(f"{len(removed)} import file(s) removed.")
