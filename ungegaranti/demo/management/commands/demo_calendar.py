"""manage.py demo_calendar [--if-empty]: the demo municipality's annual wheel for the current
school year, with its events and the partners taking part. Refused under production settings.
Run it after demo_municipality."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ungegaranti.core.models import Municipality
from ungegaranti.demo.builder import demo_allowed
from ungegaranti.demo.calendar import demo_calendar_build, demo_calendar_is_loaded


class Command(BaseCommand):
    help = (
        "Byg demo-årshjulet: et helt skoleår med U&J-uger, praktikrunder, messer og Hjørring LIVE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", default="860", help="Municipality code.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (exit 0) if the municipality already has events.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo_allowed():
            raise CommandError(
                "Demodata afvises under produktionsindstillinger (DEMO_DATA_ALLOWED er falsk). / "
                "Demo data is refused under production settings."
            )
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                f"Kommune {options['municipality']} findes ikke: kør demo_municipality først. / "
                "No such municipality: run demo_municipality first."
            )
        if demo_calendar_is_loaded(municipality):
            if options["if_empty"]:
                self.stdout.write("demo calendar: already loaded")
                return
            raise CommandError("Kommunen har allerede et årshjul. / The municipality has a wheel.")
        with transaction.atomic():
            result = demo_calendar_build(municipality=municipality)
        self.stdout.write(f"demo calendar: {result.items} punkter, {result.events} arrangementer")
