"""manage.py demo_records --seed N [--if-empty]: Uddannelse & Job hours, a full record for the
demo pupil, the definition of a positive destination, statuses for the 15-29s and the
counsellors' worklists. Refused under production settings. Run it after demo_municipality."""

import time
from typing import Any

from django.db import transaction

from ungegaranti.core.models import Municipality
from ungegaranti.demo.commands import DemoPartCommand
from ungegaranti.demo.records import demo_records_build
from ungegaranti.destinations.models import DestinationDefinition


class Command(DemoPartCommand):
    help = "Byg demo-forløb: U&J-timer, statusser for de 15-29-årige og ungevejledernes lister."
    part = "demo records"
    loaded_help = "a destination definition"
    already_loaded = "Kommunen har allerede forløbsdata. / Records already loaded."

    def is_loaded(self, municipality: Municipality) -> bool:
        return DestinationDefinition.objects.filter(municipality=municipality).exists()

    def build(self, municipality: Municipality, options: dict[str, Any]) -> str:
        started = time.monotonic()
        with transaction.atomic():
            result = demo_records_build(municipality=municipality, seed=options["seed"])
        return (
            f"{result.class_activities} U&J-aktiviteter, "
            f"{result.pupil_history} i demo-elevens historik, {result.statuses} statusser "
            f"({result.not_positive} ikke i positiv destination), {result.counsellors} "
            f"ungevejledere, {result.contacts} kontakter ({time.monotonic() - started:.1f} s)"
        )
