"""manage.py demo_identities [--municipality 860]: UNI-IDs and guardians' CPRs for the demo
personas, so they can log in through the local brokers. Refused under production settings."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ungegaranti.core.models import Municipality
from ungegaranti.demo.identities import demo_identities_ensure


class Command(BaseCommand):
    help = (
        "Giv demo-personerne UNI-ID og CPR, så de kan logge ind gennem de lokale login-tjenester."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", action="append", help="Municipality code(s).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demodata afvises under produktionsindstillinger (DEMO_DATA_ALLOWED er falsk). / "
                "Demo data is refused under production settings."
            )
        codes = options["municipality"] or list(settings.IDENTITY_ROUTES)
        for municipality in Municipality.objects.filter(code__in=codes):
            added = demo_identities_ensure(municipality=municipality)
            self.stdout.write(
                f"{municipality}: {added['uni_id']} UNI-ID'er til elever, {added['staff']} til "
                f"medarbejdere, {added['guardian_cpr']} CPR-numre til forældre"
            )
