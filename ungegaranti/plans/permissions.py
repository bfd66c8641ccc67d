"""Who may write in a young person's record (the activities of their plan).

Activities are recorded by other apps' services as a consequence of a step the user was
allowed to take there (a partner accepting an application, a coordinator publishing a round,
a young person cancelling): those services have asked their own policies. This one keeps the
record within the tenant: nobody writes in the record of another municipality's young person.
A service called with acting_user None is the system and is not asked.
"""

from ungegaranti.core.models import User
from ungegaranti.people.models import YoungPerson


def can_record_activity(user: User, young_person: YoungPerson) -> bool:
    return bool(
        user.is_authenticated
        and user.municipality_id is not None
        and user.municipality_id == young_person.municipality_id
    )
