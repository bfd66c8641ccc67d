"""The ten roles of the platform. Each is a Django group created in code (see services)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    YOUNG_PERSON = "YOUNG_PERSON", _("Ung")
    GUARDIAN = "GUARDIAN", _("Forælder/værge")
    TEACHER = "TEACHER", _("Lærer")
    CAREER_COUNSELLOR = "CAREER_COUNSELLOR", _("Karrierelæringsvejleder")
    WORK_EXPERIENCE_COORDINATOR = "WORK_EXPERIENCE_COORDINATOR", _("Praktikkoordinator")
    GUIDANCE_COUNSELLOR = "GUIDANCE_COUNSELLOR", _("Ungevejleder")
    PARTNER_CONTACT = "PARTNER_CONTACT", _("Garantipartner-kontakt")
    SECRETARIAT = "SECRETARIAT", _("Ungesekretariatet")
    RESEARCHER = "RESEARCHER", _("Forsker")
    POLITICIAN = "POLITICIAN", _("Politiker/bestyrelse")


# Staff roles read other people's personal data as part of their work; every such read is logged.
STAFF_ROLES = frozenset(
    {
        Role.TEACHER,
        Role.CAREER_COUNSELLOR,
        Role.WORK_EXPERIENCE_COORDINATOR,
        Role.GUIDANCE_COUNSELLOR,
        Role.SECRETARIAT,
    }
)

# Roles that may see whether a young person is on the support track (Støttesporet).
SUPPORT_FLAG_ROLES = frozenset(
    {
        Role.TEACHER,
        Role.CAREER_COUNSELLOR,
        Role.WORK_EXPERIENCE_COORDINATOR,
        Role.GUIDANCE_COUNSELLOR,
        Role.SECRETARIAT,
    }
)

# Guidance counsellors follow the 15-29 year olds (KUI and the guarantee's later years).
GUIDANCE_MIN_AGE = 15
GUIDANCE_MAX_AGE = 29

# The guarantee runs from kindergarten class (0. klasse, which a child starts in the year it
# turns 6, so at 5) until the 30th birthday; an import of anyone outside is an error.
GUARANTEE_MIN_AGE = 5
GUARANTEE_MAX_AGE = 29
