from datetime import date
from typing import Any

from django.db import transaction

from .models import Activity


@transaction.atomic
def activity_record(
    *,
    young_person: Any,
    kind: str,
    title: str,
    source_key: str,
    status: str = Activity.Status.PLANNED,
    partner: Any = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Activity:
    """Put an activity in the young person's record, or update the one from the same source."""
    activity, _ = Activity.objects.update_or_create(
        municipality=young_person.municipality,
        source_key=source_key,
        defaults={
            "young_person": young_person,
            "kind": kind,
            "title": title,
            "status": status,
            "partner": partner,
            "start_date": start_date,
            "end_date": end_date,
        },
    )
    activity.full_clean()
    return activity
