"""Build the engine's instance (docs/allocation-format.md) from a round in the database.

Ids are stable: a student is the young person's uuid, an offer is the RoundOffer's uuid. Homes
are the centre of the pupil's postal area (no jitter), or of their school's when the pupil's
own postal code has no coordinates. Ages are taken on the round's start date.
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ungegaranti.core.models import PostalArea
from ungegaranti.marketplace.eligibility import OfferTerms, admitted_grades, class_grade_on
from ungegaranti.people.models import YoungPerson

from .engine import INSTANCE_FORMAT
from .models import Lock, OwnPlace, Round, RoundOffer, Wish
from .selectors import round_pupils


def _centres(codes: set[str]) -> dict[str, tuple[float, float]]:
    return {
        area.code: (area.latitude, area.longitude)
        for area in PostalArea.objects.filter(code__in=codes)
        if area.latitude is not None and area.longitude is not None
    }


def offer_dict(round_offer: RoundOffer, centres: dict[str, tuple[float, float]]) -> dict[str, Any]:
    offer = round_offer.offer
    if offer.latitude is not None and offer.longitude is not None:
        lat, lon = offer.latitude, offer.longitude
    elif offer.postal_code in centres:
        lat, lon = centres[offer.postal_code]
    else:
        raise ValidationError(
            _("Tilbuddet %(title)s har et postnummer uden koordinater (%(code)s).")
            % {"title": offer.title, "code": offer.postal_code}
        )
    return {
        "id": str(round_offer.uuid),
        "capacity": round_offer.seats,
        "location": {"lat": lat, "lon": lon},
        "min_age": offer.min_age,
        "max_age": offer.max_age,
        "grades": admitted_grades(OfferTerms.of(offer)),
        "support_suitable": bool(offer.suits_support_needs),
    }


# An approved own place admits its one pupil whatever the offer terms: the coordinator checked
# the place against the rules for minors for that pupil when it was approved.
OWN_PLACE_GRADES = list(range(0, 11))


def own_place_dict(own: OwnPlace, centres: dict[str, tuple[float, float]]) -> dict[str, Any]:
    if own.postal_code not in centres:
        raise ValidationError(
            _("Den egne plads hos %(name)s har et postnummer uden koordinater (%(code)s).")
            % {"name": own.company_name, "code": own.postal_code}
        )
    lat, lon = centres[own.postal_code]
    return {
        "id": str(own.uuid),
        "capacity": 1,
        "location": {"lat": lat, "lon": lon},
        "min_age": 6,
        "max_age": 29,
        "grades": OWN_PLACE_GRADES,
        "support_suitable": True,
    }


def student_dict(
    person: YoungPerson,
    round: Round,
    centres: dict[str, tuple[float, float]],
    wishes: list[str],
    locked: str | None,
) -> dict[str, Any]:
    home = centres.get(person.postal_code)
    if home is None and person.school is not None:
        home = centres.get(person.school.postal_code)
    if home is None:
        raise ValidationError(
            _("Postnummer %(code)s har ingen koordinater; ret postnumrene før kørslen.")
            % {"code": person.postal_code}
        )
    assert person.school_class is not None
    return {
        "id": str(person.uuid),
        "age": person.age_on(round.start_date),
        # The grade on the round's first day, as the marketplace's eligibility takes it.
        "grade": class_grade_on(
            person.school_class.grade,
            school_year=person.school_class.school_year,
            day=round.start_date,
        ),
        "home": {"lat": home[0], "lon": home[1]},
        "support": bool(person.support_track),
        "wishes": wishes,
        "locked": locked,
    }


def instance_build(*, round: Round, mechanism: str = "optimal") -> dict[str, Any]:
    """The round as an engine instance (a dict in the public format)."""
    pupils = list(round_pupils(round=round))
    round_offers = list(round.round_offers.select_related("offer").order_by("uuid"))
    codes = {p.postal_code for p in pupils} | {o.offer.postal_code for o in round_offers}
    codes |= {p.school.postal_code for p in pupils if p.school}
    pupil_ids = {p.pk for p in pupils}
    own_places = [
        own
        for own in OwnPlace.objects.filter(round=round, status=OwnPlace.Status.APPROVED).order_by(
            "uuid"
        )
        if own.young_person_id in pupil_ids
    ]
    codes |= {own.postal_code for own in own_places}
    centres = _centres(codes)
    wishes: dict[int, list[str]] = {}
    for wish in Wish.objects.filter(round=round).select_related("round_offer").order_by("rank"):
        wishes.setdefault(wish.young_person_id, []).append(str(wish.round_offer.uuid))
    locks = {
        lock.young_person_id: str(lock.round_offer.uuid)
        for lock in Lock.objects.filter(round=round).select_related("round_offer")
    }
    # an approved own place is the pupil's lock (approving is refused for a locked pupil)
    locks.update({own.young_person_id: str(own.uuid) for own in own_places})
    students = [
        student_dict(p, round, centres, wishes.get(p.pk, []), locks.get(p.pk)) for p in pupils
    ]
    students.sort(key=lambda s: s["id"])
    return {
        "format": INSTANCE_FORMAT,
        "mechanism": mechanism,
        "seed": round.seed,
        "max_fallback_km": round.max_fallback_km,
        "students": students,
        "offers": [offer_dict(o, centres) for o in round_offers]
        + [own_place_dict(own, centres) for own in own_places],
    }


def instance_dumps(instance: dict[str, Any]) -> str:
    """Deterministic JSON text of an instance (stored with each run)."""
    return json.dumps(instance, ensure_ascii=False, indent=2) + "\n"
