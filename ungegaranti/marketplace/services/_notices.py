"""Who hears of an application's status change, and the message they get (in the app now, by
e-mail after commit, see notifications.notify)."""

from django.utils.translation import gettext as _

from ungegaranti.core.models import User
from ungegaranti.core.roles import Role
from ungegaranti.notifications.services import notify
from ungegaranti.people.models import YoungPerson

from ..models import Application


def guardian_users(young_person: YoungPerson | None) -> set[User]:
    if young_person is None or young_person.age >= 18:
        return set()
    return set(User.objects.filter(guardian_profile__links__young_person=young_person))


def applicant_side(application: Application) -> set[User]:
    users: set[User] = set()
    if application.young_person_id:
        users |= set(User.objects.filter(young_person_id=application.young_person_id))
        users |= guardian_users(application.young_person)
    if application.requested_by is not None:
        users.add(application.requested_by)
    return users


def _partner_users(application: Application) -> set[User]:
    return set(
        User.objects.filter(
            partner_id=application.offer.partner_id, role=Role.PARTNER_CONTACT, is_active=True
        )
    )


def everyone(application: Application, acting_user: User | None) -> set[User]:
    people = applicant_side(application) | _partner_users(application)
    return people | {acting_user} if acting_user is not None else people


def notify_request_sent(application: Application, acting_user: User | None) -> None:
    notify_about(
        application,
        everyone(application, acting_user),
        _("Ny anmodning: %(title)s"),
        _("%(name)s har sendt en anmodning om »%(title)s«."),
        own_body=_("Din anmodning om »%(title)s« er sendt til %(partner)s."),
    )


def notify_about(
    application: Application, recipients: set[User], subject: str, body: str, own_body: str = ""
) -> None:
    """One in-app message per person (e-mail after commit). Names only by first name or class:
    the text reaches the partner too. `own_body` speaks to the young person themselves."""
    if application.young_person is not None:
        name = application.young_person.first_name
    elif application.school_class is not None:
        school_class = application.school_class
        name = f"{school_class.name}, {school_class.school.name}"
    else:
        name = ""
    values = {
        "title": application.offer.title,
        "name": name,
        "partner": application.offer.partner.name,
    }
    link = application.get_absolute_url()
    for user in recipients:
        if not user.pk or not user.municipality_id:
            continue
        own = own_body and application.young_person_id == user.young_person_id
        text = (own_body if own else body) % values
        notify(recipient=user, subject=subject % values, body=text, link=link)
