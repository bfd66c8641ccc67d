"""Two ready definitions of a positive destination a municipality can start from.

- Hjørring-style (the seed and the issue): a place in youth, vocational or higher education,
  FGU, an apprenticeship, a job of at least 20 hours a week (the KUI threshold for 15-17 year
  olds), military service, and for pupils a clarified choice recorded in the plan.
- Scotland's school-leaver destinations (Scottish Government, "Summary Statistics for
  Attainment and Initial Leaver Destinations"): positive are higher education, further
  education, training, employment (any hours), voluntary work and personal skills development;
  unemployed seeking, unemployed not seeking and unknown are not. Mapped onto our statuses:
  further education = youth education and FGU, training = apprenticeship, the armed forces
  count as employment, personal skills development has no Danish status of its own.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Status


@dataclass(frozen=True)
class ReadyDefinition:
    key: str
    name: str | Promise
    description: str | Promise
    positive_statuses: tuple[str, ...]


READY_DEFINITIONS = (
    ReadyDefinition(
        key="hjoerring",
        name=_("Ungegarantien (Hjørring-model)"),
        description=_(
            "Den unge er i gang med en uddannelse eller et job på mindst 20 timer om ugen, "
            "eller har som elev truffet et afklaret, aktivt valg, der står i planen."
        ),
        positive_statuses=(
            Status.YOUTH_EDUCATION,
            Status.FGU,
            Status.HIGHER_EDUCATION,
            Status.APPRENTICESHIP,
            Status.JOB_20_PLUS,
            Status.MILITARY,
            Status.CLARIFIED_CHOICE,
        ),
    ),
    ReadyDefinition(
        key="scotland",
        name=_("Skotlands skoleleaver-destinationer"),
        description=_(
            "Som Skotlands opgørelse af skoleleavere: videregående uddannelse, "
            "ungdomsuddannelse, oplæring, beskæftigelse uanset timetal og frivilligt arbejde "
            "tæller som positive; ledig og ukendt gør ikke."
        ),
        positive_statuses=(
            Status.YOUTH_EDUCATION,
            Status.FGU,
            Status.HIGHER_EDUCATION,
            Status.APPRENTICESHIP,
            Status.JOB_20_PLUS,
            Status.JOB_UNDER_20,
            Status.MILITARY,
            Status.VOLUNTEERING,
        ),
    ),
)
READY_BY_KEY = {ready.key: ready for ready in READY_DEFINITIONS}
