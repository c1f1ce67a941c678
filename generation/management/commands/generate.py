"""`python manage.py generate <kind> ...`: a thin wrapper around generation.engine.cli."""
from django.core.management.base import BaseCommand, CommandError

from generation.engine import cli


class Command(BaseCommand):
    help = "Run one engine operation from the command line and write PNGs (see generation/engine/cli.py)."

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, **options):
        self.stdout.ending = self.stderr.ending = ""  # the progress bar redraws one line
        status = cli.execute(options, stdout=self.stdout, stderr=self.stderr)
        if status:
            raise CommandError(f"generation failed (status {status})", returncode=status)
