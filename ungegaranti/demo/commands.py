"""What every `demo_*` command that adds to an existing demo municipality does first: refuse
under production settings, find the municipality, and stop (or with --if-empty, do nothing)
when its part is already loaded. Each command says only what it builds."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ungegaranti.core.models import Municipality

from .builder import demo_allowed


class DemoPartCommand(BaseCommand):
    part = ""  # "demo rounds": the first words of the command's report
    loaded_help = ""  # what --if-empty looks for, for --help
    already_loaded = ""  # the refusal when it is there and --if-empty is not given
    seeded = True

    def add_arguments(self, parser: CommandParser) -> None:
        if self.seeded:
            parser.add_argument("--seed", type=int, default=860, help="Same seed, same data.")
        parser.add_argument("--municipality", default="860", help="Municipality code.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=f"Do nothing (exit 0) if the municipality already has {self.loaded_help}.",
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
        if self.is_loaded(municipality):
            if options["if_empty"]:
                self.stdout.write(f"{self.part}: already loaded")
                return
            raise CommandError(self.already_loaded)
        self.stdout.write(f"{self.part}: {self.build(municipality, options)}")

    def is_loaded(self, municipality: Municipality) -> bool:
        raise NotImplementedError

    def build(self, municipality: Municipality, options: dict[str, Any]) -> str:
        """Build the part (in one transaction) and return the report after "<part>: "."""
        raise NotImplementedError
