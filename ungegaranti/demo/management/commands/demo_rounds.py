"""manage.py demo_rounds --seed N [--if-empty]: the work-experience rounds of every district
(last year's published with attendance, this year's open for wishes, one closed and run with
both mechanisms). Refused under production settings. Run it after demo_marketplace."""

import time
from typing import Any

from django.db import transaction

from ungegaranti.core.models import Municipality
from ungegaranti.demo.commands import DemoPartCommand
from ungegaranti.demo.praktik import DemoPraktikResult
from ungegaranti.demo.rounds import demo_rounds_build
from ungegaranti.placement.models import Round


class Command(DemoPartCommand):
    help = (
        "Byg demo-praktikrunder: sidste års offentliggjorte, årets åbne og en lukket, kørt runde."
    )
    part = "demo rounds"
    loaded_help = "work-experience rounds"
    already_loaded = "Kommunen har allerede praktikrunder. / Rounds already loaded."

    def is_loaded(self, municipality: Municipality) -> bool:
        return Round.objects.filter(municipality=municipality).exists()

    def build(self, municipality: Municipality, options: dict[str, Any]) -> str:
        started = time.monotonic()
        with transaction.atomic():
            result = demo_rounds_build(municipality=municipality, seed=options["seed"])
        praktik = result.praktik or DemoPraktikResult()
        states = ", ".join(
            f"{count} {Round.Status(status).label.lower()}"
            for status, count in sorted(result.rounds.items())
        )
        return (
            f"{sum(result.rounds.values())} praktikrunder ({states}), "
            f"{result.pupils} elever, {result.seats} pladser, {result.wished} med ønsker, "
            f"{result.runs} kørsler, {result.placed} placeret i offentliggjorte runder "
            f"({result.attended} mødt), {praktik.agreements} praktikaftaler ({praktik.complete} "
            f"komplette), {praktik.days_registered} dage registreret, {praktik.invitations} "
            f"spurgt i en pladskampagne, {praktik.own_places} egne pladser "
            f"({time.monotonic() - started:.1f} s)"
        )
