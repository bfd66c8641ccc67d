"""manage.py demo_marketplace --seed N [--if-empty] [--offers K]: about 1,000 offers for the demo
municipality's partners, with periods, seats and applications in every status. Refused under
production settings. Run it after demo_municipality."""

import time
from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction
from django.test.utils import override_settings

from ungegaranti.core.models import Municipality
from ungegaranti.demo.commands import DemoPartCommand
from ungegaranti.demo.marketplace import DEFAULT_OFFERS, demo_offers_build
from ungegaranti.marketplace.models import Offer


class Command(DemoPartCommand):
    help = "Byg demo-markedspladsen: ca. 1.000 tilbud og ansøgninger i alle statusser."
    part = "demo marketplace"
    loaded_help = "offers"
    already_loaded = "Kommunen har allerede tilbud. / The municipality has offers."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--offers", type=int, default=DEFAULT_OFFERS)
        parser.add_argument("--applications", type=int, default=200)

    def is_loaded(self, municipality: Municipality) -> bool:
        return Offer.objects.filter(municipality=municipality).exists()

    def build(self, municipality: Municipality, options: dict[str, Any]) -> str:
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
        return (
            f"{result.offers} tilbud, {result.periods} perioder, "
            f"ansøgninger {dict(sorted((str(k), v) for k, v in result.applications.items()))} "
            f"({time.monotonic() - started:.1f} s)"
        )
