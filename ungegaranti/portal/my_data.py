"""The right of access (GDPR art. 15): everything the platform holds about one young person,
composed from each app's `data_about` selector, with the staff lookups on their data. Never
the CPR number: it is stored encrypted and the young person knows it."""

from typing import Any

from django.utils import timezone

from ungegaranti.core.selectors import access_log_for_subjects
from ungegaranti.destinations.selectors import data_about as destinations_data
from ungegaranti.marketplace.selectors import data_about as marketplace_data
from ungegaranti.placement.selectors import data_about as placement_data
from ungegaranti.plans.selectors import data_about as plans_data


def data_about(*, young_person: Any) -> dict[str, Any]:
    person = young_person
    return {
        "udtrukket": timezone.now().isoformat(timespec="seconds"),
        "person": {
            "fornavn": person.first_name,
            "efternavn": person.last_name,
            "foedselsdato": person.birth_date.isoformat(),
            "koen": str(person.get_sex_display()),
            "postnummer": person.postal_code,
            "email": person.email or None,
            "skole": person.school.name if person.school else None,
            "klasse": person.school_class.name if person.school_class else None,
            "i_stoettesporet": person.support_track,
            "cpr_nummer": "gemt krypteret; vises ikke i udtrækket",
            "foraeldre": [g.name for g in person.guardians.all()],
        },
        **plans_data(young_person=person),
        **destinations_data(young_person=person),
        **marketplace_data(young_person=person),
        **placement_data(young_person=person),
        "opslag_paa_data": [
            {
                "tidspunkt": e.created_at.isoformat(timespec="seconds"),
                "medarbejder": str(e.get_role_display()),
                "handling": str(e.get_action_display()),
                "formaal": e.purpose,
            }
            for e in access_log_for_subjects(subjects=[person])
        ],
    }
