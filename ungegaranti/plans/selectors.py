from typing import Any

from django.db.models import QuerySet

from .models import Activity


def activities_of(*, young_person: Any) -> QuerySet[Activity]:
    """The activities in a young person's record (callers have checked access to the person)."""
    return Activity.objects.filter(young_person=young_person).select_related("partner")
