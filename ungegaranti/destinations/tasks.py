"""The retention of the records of young people who moved away (core/retention.py)."""

from django.utils.translation import gettext_lazy

from ungegaranti.core.retention import retention_kind
from ungegaranti.people.models import YoungPerson
from ungegaranti.people.selectors import young_people_erasable

from .models import Status

# As for those who turned 30 (people/tasks.py), the person goes with their whole record.
retention_kind(
    "destinations.moved_away",
    label=gettext_lazy("Unge, der er flyttet fra kommunen"),
    legal_source=gettext_lazy(
        "Når en ung flytter, overtager den nye bopælskommune ungeindsatsen, og formålet med "
        "oplysningerne her er opfyldt (GDPR art. 5, stk. 1, litra e). Perioden regnes fra "
        "statusdatoen for fraflytningen; en ung, der flytter tilbage, får en ny status og "
        "slettes ikke. En ung slettes først, når adgangsloggen over opslag på den unge er slettet."
    ),
    default_days=365,
    expired=lambda municipality, cutoff: young_people_erasable(
        YoungPerson.objects.filter(
            municipality=municipality,
            follow_up__current_status=Status.MOVED_AWAY,
            follow_up__status_date__lt=cutoff.date(),
        )
    ),
)
