from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.permissions import role_required
from ungegaranti.core.roles import STAFF_ROLES, Role
from ungegaranti.people.permissions import can_see_support_flag, get_young_person_for_user_or_404

from .selectors import activities_of


@role_required(*(Role(r) for r in STAFF_ROLES), Role.YOUNG_PERSON, Role.GUARDIAN)
def young_person_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """A young person's record: their data and guardians (people) and their career-learning
    log. It lives here, above people, because it shows both."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Visning af den unges profil")
    )
    guardians = person.guardians.all() if person.age < 18 else []
    return render(
        request,
        "plans/young_person_detail.html",
        {
            "person": person,
            "guardians": guardians,
            "activities": activities_of(young_person=person),
            "show_support": can_see_support_flag(request.user),
        },
    )
