"""manage.py demo_municipality --seed N [--if-empty] [--young-people K]: build the synthetic
Hjørring (code 860) for development and demos. Refused under production settings."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ungegaranti.demo.builder import (
    DEFAULT_PARTNERS,
    DEFAULT_YOUNG_PEOPLE,
    DEMO_PASSWORD,
    DemoDataRefusedError,
    build_demo_municipality,
    demo_allowed,
    demo_is_loaded,
)


class Command(BaseCommand):
    help = (
        "Byg demokommunen (syntetisk Hjørring, kommunekode 860) med unge, skoler, "
        "garantipartnere og ét demo-login pr. rolle. Kun i udvikling og test."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=860, help="Same seed, same data.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (exit 0) if the demo municipality is already loaded.",
        )
        parser.add_argument(
            "--young-people",
            type=int,
            default=DEFAULT_YOUNG_PEOPLE,
            help="How many aged 7-29; the younger children at school come on top.",
        )
        parser.add_argument("--partners", type=int, default=DEFAULT_PARTNERS)

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo_allowed():
            raise CommandError(
                "Demodata afvises under produktionsindstillinger (DEMO_DATA_ALLOWED er falsk), "
                "så demo-logins aldrig når en rigtig installation. / Demo data is refused under "
                "production settings (DEMO_DATA_ALLOWED is False)."
            )
        if options["young_people"] < 1 or options["partners"] < 1:
            raise CommandError("--young-people and --partners must be positive.")
        if demo_is_loaded():
            if options["if_empty"]:
                self.stdout.write("demo municipality: already loaded")
                return
            raise CommandError(
                "Databasen indeholder allerede demokommunen (eller demo-logins). Slet "
                "var/ungegaranti.sqlite3 (eller brug en tom database) og kør igen. / The database "
                "already holds the demo municipality: delete var/ungegaranti.sqlite3 and rerun."
            )
        self.stdout.write(f"Bygger demokommunen Hjørring (860) med seed {options['seed']} ...")
        try:
            result = build_demo_municipality(
                seed=options["seed"],
                young_people=options["young_people"],
                partners=options["partners"],
                log=self.stdout.write,
            )
        except DemoDataRefusedError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Demo-logins: {', '.join(result.users)}; adgangskode for alle: {DEMO_PASSWORD}"
        )
        self.stdout.write(
            f"demo municipality: young_people={result.young_people} "
            f"aged_7_29={result.aged_7_29} partners={result.partners} seconds={result.seconds:.1f}"
        )
