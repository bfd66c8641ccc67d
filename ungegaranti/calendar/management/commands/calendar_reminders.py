from datetime import date

from django.core.management.base import BaseCommand, CommandParser

from ungegaranti.calendar.services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Send the reminders that are due (wish deadlines, event sign-up closing, partner "
        "agreements ending), each once. Safe to run as often as wanted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="today, as YYYY-MM-DD"
        )

    def handle(self, *args: object, **options: object) -> None:
        sent = reminders_send(today=options["date"])  # type: ignore[arg-type]
        self.stdout.write(f"{sent} reminders sent")
