from typing import Any

from django.apps import AppConfig


class DestinationsConfig(AppConfig):
    name = "ungegaranti.destinations"
    label = "destinations"
    verbose_name = "Positive destinationer"

    def ready(self) -> None:
        from ungegaranti.plans.signals import destination_statement_made

        destination_statement_made.connect(
            _statement_made, dispatch_uid="destinations.clarified_choice"
        )


def _statement_made(*, statement: Any, acting_user: Any, **_kwargs: Any) -> None:
    from .services import clarified_choice_record

    clarified_choice_record(statement=statement, acting_user=acting_user)
