"""manage.py demo_frederikshavn --seed N [--if-empty]: build the second demo municipality, a
synthetic Frederikshavn (code 813), beside Hjørring. Refused under production settings."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ungegaranti.demo.builder import DEMO_PASSWORD, DemoDataRefusedError, demo_allowed
from ungegaranti.demo.frederikshavn import (
    DEFAULT_PARTNERS,
    DEFAULT_YOUNG_PEOPLE,
    build_frederikshavn,
    frederikshavn_is_loaded,
)


class Command(BaseCommand):
    help = (
        "Byg den anden demokommune (syntetisk Frederikshavn, kommunekode 813) med unge, skoler, "
        "garantipartnere og ét demo-login pr. rolle (frh-...). Kun i udvikling og test."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=813, help="Same seed, same data.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (exit 0) if Frederikshavn is already loaded.",
        )
        parser.add_argument("--young-people", type=int, default=DEFAULT_YOUNG_PEOPLE)
        parser.add_argument("--partners", type=int, default=DEFAULT_PARTNERS)

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo_allowed():
            raise CommandError(
                "Demodata afvises under produktionsindstillinger (DEMO_DATA_ALLOWED er falsk). / "
                "Demo data is refused under production settings."
            )
        if options["young_people"] < 50 or options["partners"] < 1:
            raise CommandError("--young-people must be at least 50 and --partners positive.")
        if frederikshavn_is_loaded():
            if options["if_empty"]:
                self.stdout.write("demo frederikshavn: already loaded")
                return
            raise CommandError(
                "Databasen indeholder allerede Frederikshavn (eller frh-logins). / "
                "The database already holds the second demo municipality."
            )
        try:
            result = build_frederikshavn(
                seed=options["seed"],
                young_people=options["young_people"],
                partners=options["partners"],
            )
        except DemoDataRefusedError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Demo-logins i Frederikshavn: {', '.join(u.username for u in result.users.values())}"
            f"; adgangskode for alle: {DEMO_PASSWORD}"
        )
        self.stdout.write(
            f"demo frederikshavn: young_people={result.young_people} "
            f"guardians={result.guardians} partners={result.partners}"
        )
