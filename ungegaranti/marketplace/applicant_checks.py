"""The marketplace's wording of the eligibility rule (eligibility.py): the Danish refusal an
applicant reads, and who needs a guardian's consent. Asked by the application services before
they write and by the offer page before a young person writes their message."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ungegaranti.people.models import YoungPerson
from ungegaranti.plans.models import ActivityKind

from .eligibility import OfferTerms, Refusal, candidate_on, reference_day, refusals
from .models import Offer, OfferPeriod

CONSENT_AGE = 15  # under-15s need a guardian's consent before the request reaches the partner


def check_fits(
    *, offer: Offer, period: OfferPeriod, young_person: YoungPerson, who: str = ""
) -> None:
    """Refuse a young person the offer is not for; `who` names them in the message (their
    first name, or "du" when they apply themselves)."""
    who = who or young_person.first_name
    today = timezone.localdate()
    school_class = young_person.school_class
    candidate = candidate_on(
        birth_date=young_person.birth_date,
        grade=school_class.grade if school_class else None,
        school_year=school_class.school_year if school_class else None,
        today=today,
        day=reference_day(start_date=period.start_date, today=today),
    )
    age, grade = candidate.age, candidate.grade
    terms = OfferTerms.of(offer)
    found = refusals(terms, candidate, support_matters=False)
    if Refusal.AGE in found:
        raise ValidationError(
            _(
                "Tilbuddet er for unge på %(min)s-%(max)s år; %(name)s er %(age)s år, når "
                "perioden begynder."
            )
            % {
                "min": offer.min_age,
                "max": offer.max_age,
                "name": who,
                "age": age,
            }
        )
    if Refusal.GRADE in found:
        raise grade_error(terms, who)
    if Refusal.SCHOOL_LEAVERS in found:
        raise ValidationError(
            _(
                "Tilbuddet er kun for unge, der har afsluttet 9. klasse; %(name)s går i %(g)s. klasse."
            )
            % {"name": who, "g": grade}
        )


def grade_error(terms: OfferTerms, who: str) -> ValidationError:
    low, high = terms.grade_bounds
    return ValidationError(
        _("Tilbuddet er for %(low)s.-%(high)s. klasse; %(who)s går ikke på de klassetrin.")
        % {"low": low, "high": high, "who": who}
    )


def needs_guardian_consent(*, offer: Offer, young_person: YoungPerson, period: OfferPeriod) -> bool:
    age = young_person.age_on(
        reference_day(start_date=period.start_date, today=timezone.localdate())
    )
    return offer.type == ActivityKind.JUNIOR_APPRENTICESHIP or age < CONSENT_AGE
