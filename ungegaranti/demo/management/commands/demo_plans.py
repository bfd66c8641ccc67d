"""manage.py demo_plans --seed N [--if-empty]: the shared plans of most pupils in 8.-10. klasse
and many 15-17 year olds, Ungekoordinering for a share of the 16-17 year olds on the support
track, and a few self-report links. Refused under production settings. Run it after
demo_records and demo_rounds."""

import time
from typing import Any

from django.db import transaction

from ungegaranti.core.models import Municipality
from ungegaranti.demo.commands import DemoPartCommand
from ungegaranti.demo.plans import demo_plans_build
from ungegaranti.plans.models import Plan


class Command(DemoPartCommand):
    help = "Byg demo-planer: ønsker, næste skridt, ungekoordinering og selvrapporter."
    part = "demo plans"
    loaded_help = "a plan"
    already_loaded = "Kommunen har allerede planer. / Plans already loaded."

    def is_loaded(self, municipality: Municipality) -> bool:
        return Plan.objects.filter(municipality=municipality).exists()

    def build(self, municipality: Municipality, options: dict[str, Any]) -> str:
        started = time.monotonic()
        with transaction.atomic():
            r = demo_plans_build(municipality=municipality, seed=options["seed"])
        return (
            f"{r.plans} planer med {r.wishes} ønsker, {r.statements} uddannelsesvalg, "
            f"{r.steps} næste skridt og {r.signatures} forældreunderskrifter; "
            f"{r.transitions} i ungekoordinering med {r.meetings} møder; "
            f"{r.self_reports} selvrapporter sendt ({r.self_reports_answered} besvaret) "
            f"({time.monotonic() - started:.1f} s)"
        )
