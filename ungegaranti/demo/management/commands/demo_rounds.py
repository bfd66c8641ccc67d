"""manage.py demo_rounds --seed N [--if-empty]: the work-experience rounds of every district
(last year's published with attendance, this year's open for wishes, one closed and run with
both mechanisms). Refused under production settings. Run it after demo_marketplace."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ungegaranti.core.models import Municipality
from ungegaranti.demo.builder import demo_allowed
from ungegaranti.demo.rounds import demo_rounds_build
from ungegaranti.placement.models import Round


class Command(BaseCommand):
    help = (
        "Byg demo-praktikrunder: sidste års offentliggjorte, årets åbne og en lukket, kørt runde."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=860, help="Same seed, same data.")
        parser.add_argument("--municipality", default="860", help="Municipality code.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (exit 0) if the municipality already has work-experience rounds.",
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
        if Round.objects.filter(municipality=municipality).exists():
            if options["if_empty"]:
                self.stdout.write("demo rounds: already loaded")
                return
            raise CommandError("Kommunen har allerede praktikrunder. / Rounds already loaded.")
        started = time.monotonic()
        with transaction.atomic():
            result = demo_rounds_build(municipality=municipality, seed=options["seed"])
        states = ", ".join(
            f"{count} {Round.Status(status).label.lower()}"
            for status, count in sorted(result.rounds.items())
        )
        self.stdout.write(
            f"demo rounds: {sum(result.rounds.values())} praktikrunder ({states}), "
            f"{result.pupils} elever, {result.seats} pladser, {result.wished} med ønsker, "
            f"{result.runs} kørsler, {result.placed} placeret i offentliggjorte runder "
            f"({result.attended} mødt) ({time.monotonic() - started:.1f} s)"
        )
