"""The allocation's warnings in Danish, worded by code, not from the format's English text.

The engine's result keeps its English `warnings` (docs/allocation-format.md); the run page
shows these instead, found from the run's instance with the engine's own wish rule
(`engine.problem.wish_note_code`) and refusal codes (`Offer.refusal_codes`).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .engine.instance import Instance, Offer, Student
from .engine.problem import WARNING_CODES, wish_note_code

WARNING_TEXTS = {
    "wish-no-offer": gettext_lazy(
        "%(pupil)s: ønsket %(wish)s er ikke et af rundens tilbud, så det tæller ikke"
    ),
    "wish-repeated": gettext_lazy(
        "%(pupil)s: ønsket %(wish)s står der allerede, så det tæller kun én gang"
    ),
    "wish-ineligible": gettext_lazy(
        "%(pupil)s: ønsket %(wish)s passer ikke til eleven (%(reasons)s), så det tæller ikke"
    ),
    "locked-ineligible": gettext_lazy(
        "%(pupil)s: er låst til %(wish)s, som ikke passer til eleven (%(reasons)s); låsen "
        "er beholdt"
    ),
}
REASON_TEXTS = {
    "age": gettext_lazy("eleven er %(age)s år, tilbuddet er for %(min)s-%(max)s-årige"),
    "grade": gettext_lazy("eleven går i %(grade)s. klasse, tilbuddet er for %(grades)s"),
    "support": gettext_lazy("tilbuddet er ikke tilrettelagt til elever med støttebehov"),
}
assert set(WARNING_TEXTS) == set(WARNING_CODES)


def _reasons(offer: Offer, student: Student) -> str:
    values = {
        "age": student.age,
        "min": offer.min_age,
        "max": offer.max_age,
        "grade": student.grade,
        "grades": ", ".join(f"{g}." for g in sorted(offer.grades)) + " " + _("klasse"),
    }
    return "; ".join(str(REASON_TEXTS[code]) % values for code in offer.refusal_codes(student))


def warnings_in_danish(instance: Instance) -> list[str]:
    """The run's warnings in the format's order (pupils by id, each pupil's wishes in order)."""
    offers = {o.id: o for o in instance.offers}
    found = []
    for student in sorted(instance.students, key=lambda s: s.id):
        values = {"pupil": student.id}
        locked = offers.get(student.locked) if student.locked is not None else None
        if locked is not None and not locked.admits(student):
            reasons = _reasons(locked, student)
            found.append(
                str(WARNING_TEXTS["locked-ineligible"])
                % (values | {"wish": locked.id, "reasons": reasons})
            )
        seen: set[str] = set()
        for wish in student.wishes:
            offer = offers.get(wish)
            code = wish_note_code(
                wish, offer is not None, wish in seen, offer is not None and offer.admits(student)
            )
            seen.add(wish)
            if not code:
                continue
            reasons = _reasons(offer, student) if offer is not None else ""
            found.append(str(WARNING_TEXTS[code]) % (values | {"wish": wish, "reasons": reasons}))
    return found
