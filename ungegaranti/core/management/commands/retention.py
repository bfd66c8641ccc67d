"""`manage.py retention`: the dry-run report of what the retention rules would delete, per
municipality and kind; with --apply it deletes (switched-on rules only), as the nightly job does."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ungegaranti.core.models import Municipality
from ungegaranti.core.retention import retention_apply, retention_report


class Command(BaseCommand):
    help = "Vis (eller med --apply: slet) det, slettereglerne siger er udløbet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="municipality code (default: all)")
        parser.add_argument("--apply", action="store_true", help="delete, not just report")
        parser.add_argument("--ids", action="store_true", help="list the ids of expired rows")

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = Municipality.objects.all()
        if options["municipality"]:
            municipalities = municipalities.filter(code=options["municipality"])
        for municipality in municipalities:
            self.stdout.write(f"{municipality}")
            for line in retention_report(municipality=municipality):
                state = "on" if line.rule.enabled else "off"
                self.stdout.write(
                    f"  {line.kind.code}: {len(line.expired_pks)} expired "
                    f"(kept {line.rule.period_days} days, before {line.cutoff:%Y-%m-%d}; "
                    f"rule {state}), {line.held} on legal hold"
                )
                if options["ids"] and line.expired_pks:
                    self.stdout.write("    ids: " + " ".join(map(str, line.expired_pks)))
            if options["apply"]:
                deleted = retention_apply(municipality=municipality)
                self.stdout.write(f"  deleted: {deleted or 'nothing'}")
