"""Why each pupil got what they got, in plain Danish.

Both mechanisms guarantee that every wish ranked above the one a pupil got had no seat left in the end
(optimal: a free seat on a better wish would lower the cost; lottery: seats are only ever
taken), so "the places were taken" ("pladserne var optaget") is true for both.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .engine.instance import admits
from .models import MAX_WISHES


def eligible(student: dict[str, Any], offer: dict[str, Any]) -> bool:
    """The format's eligibility rule, on a stored instance's entries."""
    return admits(
        min_age=offer["min_age"],
        max_age=offer["max_age"],
        grades=offer["grades"],
        support_suitable=offer["support_suitable"],
        age=student["age"],
        grade=student["grade"],
        support=student["support"],
    )


def ranked_wishes(student: dict[str, Any], offers: dict[str, dict[str, Any]]) -> list[str]:
    """The wishes that count, as the engine ranks them (unknown, ineligible and repeated
    wishes dropped; the first five kept)."""
    seen: list[str] = []
    for wish in student["wishes"]:
        if wish in offers and wish not in seen and eligible(student, offers[wish]):
            seen.append(wish)
    return seen[:MAX_WISHES]


def _ordinals(count: int) -> str:
    """1 -> "1.", 2 -> "1. og 2.", 3 -> "1., 2. og 3."."""
    items = [f"{n}." for n in range(1, count + 1)]
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " " + _("og") + " " + items[-1]


def explain(
    *,
    student: dict[str, Any],
    outcome: dict[str, Any],
    offers: dict[str, dict[str, Any]],
    labels: dict[str, str],
    max_fallback_km: float | None,
) -> str:
    """One pupil's explanation. `outcome` is their entry in the result's assignments (with an
    "offer") or unplaced list; `labels` names the offers ("Smed hos Vendsyssel Maskinfabrik")."""
    wishes = ranked_wishes(student, offers)
    offer_id = outcome.get("offer")
    if offer_id is None:
        if not any(eligible(student, o) for o in offers.values()):
            return _(
                "Ingen af rundens erhvervspraktikpladser passer til dit klassetrin, din alder eller "
                "dine behov. Din praktikkoordinator finder en plads til dig."
            )
        if max_fallback_km is None:
            where = _("der passer til dig")
        else:
            where = _("der passer til dig, inden for %(km)s km") % {"km": f"{max_fallback_km:g}"}
        if wishes:
            return _(
                "Pladserne på dine ønsker var optaget, og der var ingen anden ledig plads, %(where)s. "
                "Din praktikkoordinator finder en plads til dig."
            ) % {"where": where}
        return _(
            "Du havde ikke ønsket nogen plads, og der var ingen ledig plads, %(where)s. "
            "Din praktikkoordinator finder en plads til dig."
        ) % {"where": where}
    label = labels.get(offer_id, offer_id)
    via = outcome["via"]
    if via == "locked":
        return _("Din praktikkoordinator har placeret dig hos %(offer)s.") % {"offer": label}
    if via == "wish":
        rank = outcome["rank"]
        if rank == 1:
            return _("Du fik dit 1. ønske: %(offer)s.") % {"offer": label}
        full = ngettext(
            "Pladserne på dit %(ordinals)s ønske var optaget; du fik dit %(rank)s. ønske: %(offer)s.",
            "Pladserne på dine %(ordinals)s ønsker var optaget; du fik dit %(rank)s. ønske: %(offer)s.",
            rank - 1,
        )
        return full % {"ordinals": _ordinals(rank - 1), "rank": rank, "offer": label}
    km = f"{outcome['distance_km']:.1f}".replace(".", ",")
    if not wishes:
        return _(
            "Du havde ikke ønsket nogen plads, så du fik en ledig plads, der passer til din "
            "alder og dit klassetrin, %(km)s km hjemmefra: %(offer)s."
        ) % {"km": km, "offer": label}
    full = ngettext(
        "Pladserne på dit ønske var optaget",
        "Pladserne på alle dine %(count)s ønsker var optaget",
        len(wishes),
    ) % {"count": len(wishes)}
    return _(
        "%(full)s; du fik en ledig plads, der passer til din alder og dit klassetrin, "
        "%(km)s km hjemmefra: %(offer)s."
    ) % {"full": full, "km": km, "offer": label}


def summary_for_staff(*, placement: Any, name: str, had_wishes: bool) -> str:
    """A published placement told about the pupil (third person), for the teacher's page;
    `explain` speaks to the pupil. `placement` is a Placement with its offer and partner."""
    from .wording import offer_name

    via = placement.via
    if via == "UNPLACED":
        if had_wishes:
            return _(
                "%(name)s har ikke fået en plads: pladserne på ønskerne var optaget, og der var ingen anden "
                "ledig plads, der passede. Praktikkoordinatoren finder en plads."
            ) % {"name": name}
        return _(
            "%(name)s havde ikke ønsket og har ikke fået en plads. Praktikkoordinatoren finder "
            "en plads."
        ) % {"name": name}
    if getattr(placement, "own_place", None) is not None:
        return _(
            "%(name)s har fundet sin egen plads, godkendt af praktikkoordinatoren: %(offer)s."
        ) % {
            "name": name,
            "offer": placement.own_place.company_name,
        }
    offer = offer_name(placement.round_offer.offer)
    if via == "LOCKED":
        return _("%(name)s er placeret af praktikkoordinatoren: %(offer)s.") % {
            "name": name,
            "offer": offer,
        }
    if via == "WISH":
        if placement.rank == 1:
            return _("%(name)s fik sit 1. ønske: %(offer)s.") % {"name": name, "offer": offer}
        return _(
            "%(name)s fik sit %(rank)s. ønske (pladserne på de højere var optaget): %(offer)s."
        ) % {
            "name": name,
            "rank": placement.rank,
            "offer": offer,
        }
    km = f"{placement.distance_km or 0:.1f}".replace(".", ",")
    if had_wishes:
        return _(
            "%(name)s fik en ledig plads uden for ønskerne, %(km)s km hjemmefra: %(offer)s."
        ) % {"name": name, "km": km, "offer": offer}
    return _(
        "%(name)s havde ikke ønsket og fik en ledig plads, %(km)s km hjemmefra: %(offer)s."
    ) % {"name": name, "km": km, "offer": offer}
