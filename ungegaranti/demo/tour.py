"""Where a newcomer starts: for each demo login, what the role can do and what to try first.
`manage.py demo_logins` prints it after the logins; the login page lists it while
settings.DEMO_PERSONAS_ON_LOGIN_PAGE is true (dev and demo only, never in production)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .builder import DEMO_LOGINS, DEMO_PASSWORD

# username -> (what the role can do, what to try first)
TOUR: dict[str, tuple[Any, Any]] = {
    "ung": (
        _("En elev i 9. klasse: finder tilbud, søger og ser sit forløb."),
        _("Åbn «Min erhvervspraktik» og vælg dine ønsker i den åbne runde."),
    ),
    "foraelder": (
        _("Forælder: ser sit barns ansøgninger, samtykker og erhvervspraktik."),
        _("Åbn «Min erhvervspraktik» og se barnets plads fra sidste år og den åbne runde."),
    ),
    "laerer": (
        _("Lærer: egne klasser, deres ønsker og Uddannelse & Job-timer."),
        _("Åbn «Erhvervspraktik» og se, hvem i klassen der mangler at ønske."),
    ),
    "karrierevejleder": (
        _("Karrierelæringsvejleder: skolens karrierelæring klasse for klasse."),
        _("Åbn «Uddannelse & Job» og find klasserne bag målet."),
    ),
    "praktikkoordinator": (
        _("Praktikkoordinator: distriktets praktikrunder fra ønsker til offentliggørelse."),
        _(
            "Åbn «Praktikrunder», tag den lukkede runde, og sammenlign optimal fordeling og "
            "lodtrækning side om side."
        ),
    ),
    "vejleder": (
        _("Ungevejleder (KUI): de 15-29-årige uden positiv destination."),
        _("Åbn «Arbejdsliste» og tag den første unge, der skal kontaktes."),
    ),
    "partner": (
        _("Garantipartner: virksomhedens tilbud, ansøgninger og praktikanter."),
        _("Åbn «Indbakke» og svar på en ansøgning."),
    ),
    "sekretariat": (
        _("Ungesekretariatet: hele kommunen, import, adgangslog og statistik."),
        _("Åbn «Statistik» og derefter «Praktikrunder» for alle distrikter."),
    ),
    "forsker": (
        _("Forsker: kun pseudonymiserede udtræk, aldrig navn eller CPR."),
        _("Åbn «Forskningsudtræk» og se, hvad et udtræk indeholder."),
    ),
    "politiker": (
        _("Politiker: kun samlede tal for kommunen."),
        _("Åbn «Statistik» og se udviklingen i positive destinationer."),
    ),
}


def personas() -> list[dict[str, Any]]:
    return [
        {
            "role": role.label,
            "username": username,
            "can": TOUR[username][0],
            "first": TOUR[username][1],
        }
        for role, username in DEMO_LOGINS
        if username in TOUR
    ]


def demo_personas(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the personas for the login page, in dev and demo only."""
    if not getattr(settings, "DEMO_PERSONAS_ON_LOGIN_PAGE", False):
        return {}
    return {"demo_personas": personas(), "demo_password": DEMO_PASSWORD}
