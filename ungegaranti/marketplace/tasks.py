"""The retention of applications that came to nothing (core/retention.py)."""

from django.utils.translation import gettext_lazy

from ungegaranti.core.retention import retention_kind

from .models import Application

# Accepted and completed applications stay: they are the young person's activities and go
# with the record (people.young_person_aged_out, destinations.moved_away).
ENDED_WITHOUT_ACTIVITY = [
    Application.Status.DECLINED,
    Application.Status.WITHDRAWN,
    Application.Status.CANCELLED,
    Application.Status.NO_SHOW,
]

retention_kind(
    "marketplace.application_ended",
    label=gettext_lazy("Ansøgninger, der ikke blev til noget"),
    legal_source=gettext_lazy(
        "Afviste, tilbagetrukne og aflyste ansøgninger og udeblivelser med deres beskeder "
        "bruges kun, mens sagen står på, og til statistik over det seneste år; derefter "
        "slettes de (GDPR art. 5, stk. 1, litra e). Perioden regnes fra ansøgningens sidste "
        "ændring."
    ),
    default_days=365,
    expired=lambda municipality, cutoff: Application.objects.filter(
        municipality=municipality, status__in=ENDED_WITHOUT_ACTIVITY, updated_at__lt=cutoff
    ),
)
