"""manage.py demo_marketplace --seed N [--if-empty] [--offers K]: about 1,000 offers for the demo
municipality's partners, with periods, seats and applications in every status. Refused under
production settings. Run it after demo_municipality."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from ungegaranti.core.models import Municipality
from ungegaranti.demo.builder import demo_allowed
from ungegaranti.demo.marketplace import DEFAULT_OFFERS, demo_offers_build
from ungegaranti.marketplace.models import Offer


class Command(BaseCommand):
    help = "Byg demo-markedspladsen: ca. 1.000 tilbud og ansøgninger i alle statusser."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=860, help="Same seed, same data.")
        parser.add_argument("--municipality", default="860", help="Municipality code.")
        parser.add_argument("--offers", type=int, default=DEFAULT_OFFERS)
        parser.add_argument("--applications", type=int, default=200)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (exit 0) if the municipality already has offers.",
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
        if Offer.objects.filter(municipality=municipality).exists():
            if options["if_empty"]:
                self.stdout.write("demo marketplace: already loaded")
                return
            raise CommandError("Kommunen har allerede tilbud. / The municipality has offers.")
        started = time.monotonic()
        # The demo's status changes notify in the app; their e-mails are not printed.
        dummy_mail = "django.core.mail.backends.dummy.EmailBackend"
        with override_settings(EMAIL_BACKEND=dummy_mail), transaction.atomic():
            result = demo_offers_build(
                municipality=municipality,
                seed=options["seed"],
                offers=options["offers"],
                applications=options["applications"],
            )
        self.stdout.write(
            f"demo marketplace: {result.offers} tilbud, {result.periods} perioder, "
            f"ansøgninger {dict(sorted((str(k), v) for k, v in result.applications.items()))} "
            f"({time.monotonic() - started:.1f} s)"
        )
