"""manage.py demo_records --seed N [--if-empty]: Uddannelse & Job hours, a full record for the
demo pupil, the definition of a positive destination, statuses for the 15-29s and the
counsellors' worklists. Refused under production settings. Run it after demo_municipality."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ungegaranti.core.models import Municipality
from ungegaranti.demo.builder import demo_allowed
from ungegaranti.demo.records import demo_records_build
from ungegaranti.destinations.models import DestinationDefinition


class Command(BaseCommand):
    help = "Byg demo-forløb: U&J-timer, statusser for de 15-29-årige og ungevejledernes lister."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=860, help="Same seed, same data.")
        parser.add_argument("--municipality", default="860", help="Municipality code.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (exit 0) if the municipality already has a destination definition.",
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
        if DestinationDefinition.objects.filter(municipality=municipality).exists():
            if options["if_empty"]:
                self.stdout.write("demo records: already loaded")
                return
            raise CommandError("Kommunen har allerede forløbsdata. / Records already loaded.")
        started = time.monotonic()
        with transaction.atomic():
            result = demo_records_build(municipality=municipality, seed=options["seed"])
        self.stdout.write(
            f"demo records: {result.class_activities} U&J-aktiviteter, "
            f"{result.pupil_history} i demo-elevens historik, {result.statuses} statusser "
            f"({result.not_positive} ikke i positiv destination), {result.counsellors} "
            f"ungevejledere, {result.contacts} kontakter ({time.monotonic() - started:.1f} s)"
        )
