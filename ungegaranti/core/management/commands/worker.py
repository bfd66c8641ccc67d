"""`manage.py worker`: run background jobs and the schedule until stopped (SIGTERM/Ctrl-C)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ungegaranti.core.worker import Worker


class Command(BaseCommand):
    help = "Kør baggrundsjob og de planlagte kørsler, indtil processen stoppes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--worker-id", help="unique per process; default: random")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks")
        parser.add_argument("--max-jobs", type=int, help="leave after this many jobs")
        parser.add_argument(
            "--until-idle", action="store_true", help="leave when the queue is empty"
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="run queued jobs only, start no slot"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        Worker(
            worker_id=options["worker_id"],
            poll_seconds=options["poll"],
            max_jobs=options["max_jobs"],
            until_idle=options["until_idle"],
            run_schedule=not options["no_schedule"],
        ).run()
