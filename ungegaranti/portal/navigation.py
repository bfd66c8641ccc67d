"""The main menu of each role: what that role works with, nothing else."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.roles import Role

_STAFF = [
    ("people:young_person_list", _("Unge")),
    ("calendar:wheel", _("Årshjul")),
    ("marketplace:search", _("Find tilbud")),
    ("marketplace:application_list", _("Ansøgninger")),
    ("partners:public_list", _("Garantipartnere")),
]

MENUS: dict[str, list[tuple[str, Any]]] = {
    Role.YOUNG_PERSON: [
        ("plans:my_record", _("Mit forløb")),
        ("plans:my_plan", _("Min plan")),
        ("marketplace:search", _("Find tilbud")),
        ("marketplace:application_list", _("Mine ansøgninger")),
        ("placement:my_work_experience", _("Min erhvervspraktik")),
        ("calendar:wheel", _("Årshjul")),
        ("people:my_access_log", _("Opslag i mine oplysninger")),
        ("portal:my_data", _("Mine data")),
        ("partners:public_list", _("Garantipartnere")),
    ],
    Role.GUARDIAN: [
        ("marketplace:search", _("Find tilbud")),
        ("marketplace:application_list", _("Ansøgninger")),
        ("placement:my_work_experience", _("Min erhvervspraktik")),
        ("calendar:wheel", _("Årshjul")),
        ("people:my_access_log", _("Opslag i mit barns oplysninger")),
        ("portal:my_data", _("Mit barns data")),
        ("partners:public_list", _("Garantipartnere")),
    ],
    Role.TEACHER: [
        *_STAFF,
        ("placement:teacher_overview", _("Erhvervspraktik")),
        ("plans:career_progress", _("Uddannelse & Job")),
    ],
    Role.CAREER_COUNSELLOR: [*_STAFF, ("plans:career_progress", _("Uddannelse & Job"))],
    Role.WORK_EXPERIENCE_COORDINATOR: [
        *_STAFF,
        ("placement:round_list", _("Praktikrunder")),
        ("plans:career_progress", _("Uddannelse & Job")),
    ],
    Role.GUIDANCE_COUNSELLOR: [
        ("destinations:worklist", _("Arbejdsliste")),
        *_STAFF,
        ("destinations:definitions", _("Positiv destination")),
    ],
    Role.PARTNER_CONTACT: [
        ("marketplace:partner_offers", _("Mine tilbud")),
        ("marketplace:inbox", _("Indbakke")),
        ("marketplace:search", _("Find tilbud")),
        ("placement:partner_lists", _("Praktikanter")),
        ("calendar:wheel", _("Årshjul")),
        ("partners:public_list", _("Garantipartnere")),
    ],
    Role.SECRETARIAT: [
        *_STAFF,
        ("placement:round_list", _("Praktikrunder")),
        ("marketplace:followup", _("Opfølgning")),
        ("marketplace:partner_offers", _("Partneres tilbud")),
        ("core:access_log", _("Adgangslog")),
        ("core:retention", _("Sletning")),
        ("people:import_young_people", _("Import")),
        ("insights:statistics", _("Statistik")),
        ("insights:costs", _("Økonomi")),
        ("insights:research_projects", _("Forskningsprojekter")),
        ("plans:career_progress", _("Uddannelse & Job")),
        ("destinations:worklist", _("Arbejdsliste")),
        ("destinations:definitions", _("Positiv destination")),
    ],
    Role.RESEARCHER: [("insights:research_export", _("Forskningsudtræk"))],
    Role.POLITICIAN: [
        ("insights:statistics", _("Statistik")),
        ("insights:costs", _("Økonomi")),
        ("calendar:wheel", _("Årshjul")),
    ],
}


def navigation_for(user: Any) -> list[dict[str, Any]]:
    items = [{"url": reverse("portal:home"), "label": _("Forside")}]
    if not user.is_authenticated:
        items.append({"url": reverse("marketplace:search"), "label": _("Find tilbud")})
        items.append({"url": reverse("partners:public_list"), "label": _("Garantipartnere")})
        return items
    for url_name, label in MENUS.get(user.role, []):
        items.append({"url": reverse(url_name), "label": label})
    items.append({"url": reverse("notifications:list"), "label": _("Beskeder")})
    return items
