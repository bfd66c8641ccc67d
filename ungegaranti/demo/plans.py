"""Demo plans: the shared plan of most pupils in 8.-10. klasse at the demo pupil's school (a share
elsewhere) and of a quarter of the 15-17 year olds out of school (their wishes, for the older
ones an earlier wish that moved, a destination
statement, next steps with the professional responsible, some co-signed by a guardian), the
Ungekoordinering of a share of the 16-17 year olds on the support track (the assessment and
coordination meetings with agreed actions), and a few self-report links sent to young people
whose status is unknown, some answered.

The young person writes their own wishes and statement: in the real municipality they have
logged in by UNI-Login, which links a login to them (`ung-<uuid>`, as identity does); the demo
makes that login. Everything goes through the plans and destinations services, each step on
its own day (`_on`), so the plan's history reads in the real order.

Called by `manage.py demo_plans --seed N` after demo_rounds (a pupil with a login enters their
own round wishes there, so the logins are made after the rounds).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from ungegaranti.core.dates import add_years
from ungegaranti.core.models import Municipality, User
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.core.services import user_create
from ungegaranti.destinations.models import FollowUp, Status
from ungegaranti.destinations.services import self_report_answer, self_report_send
from ungegaranti.people.models import YoungPerson
from ungegaranti.plans.models import TRANSITION_MIN_AGE, PlanWish
from ungegaranti.plans.selectors import plan_professionals_for
from ungegaranti.plans.services import (
    coordination_action_add,
    coordination_action_complete,
    coordination_meeting_add,
    destination_statement_set,
    plan_cosign,
    plan_step_add,
    plan_step_complete,
    plan_wish_add,
    transition_record,
)

from .rounds import _on

# Of the pupils in 8.-10. klasse: most at the demo pupil's school (which the school's demo
# logins see), a share elsewhere, so the build stays short (each plan is ~8 service calls).
PUPIL_SHARE = 0.8
OTHER_SCHOOLS_SHARE = 0.15
OUT_OF_SCHOOL_SHARE = 0.25  # of the 15-17 year olds out of grundskole
COSIGN_SHARE = 0.35  # of the minors' plans with a guardian
TRANSITION_SHARE = 0.4  # of the 16-17 year olds on the support track
SELF_REPORTS = 10

EDUCATION_WISHES = [
    "Tømrer på erhvervsskolen (EUX)",
    "STX på gymnasiet",
    "HHX – noget med handel",
    "HTX, jeg kan lide teknik og programmering",
    "Social- og sundhedsassistent",
    "Elektriker",
    "Frisør",
    "Pædagogisk assistent",
    "Landbrugsuddannelsen",
    "Ernæringsassistent eller kok",
    "Automekaniker",
    "10. klasse først, så erhvervsskole",
    "FGU – jeg vil gerne prøve noget praktisk først",
    "HF og så sygeplejerske",
]
JOB_WISHES = [
    "Fritidsjob i Netto eller Rema",
    "Job på havnen i Hirtshals",
    "Noget med dyr",
    "Arbejde med børn",
    "Fritidsjob på et værksted",
]
STEPS = [
    "Besøge erhvervsskolen til åbent hus",
    "Tilmelde brobygning i efterårsferien",
    "Søge fritidsjob med hjælp fra vejlederen",
    "Udfylde ansøgning på optagelse.dk",
    "Tale med en lærling på en byggeplads",
    "Samtale om uddannelsesparathed med vejlederen",
    "Finde en praktikplads til erhvervspraktikken",
    "Besøge FGU Vendsyssel sammen med vejlederen",
]
TRANSITION_REASONS = [
    "Autismespektrumforstyrrelse; har brug for støtte til bolig og uddannelse efter 18.",
    "Generelle indlæringsvanskeligheder; forventes at få brug for bostøtte.",
    "Angst og skolefravær; brug for en mentor og en fast kontaktperson efter 18.",
    "Fysisk funktionsnedsættelse; hjælpemidler og transport skal videre til voksenområdet.",
]
PARTICIPANTS = [
    "Den unge, forælder, ungevejleder, sagsbehandler (Børn og Familie), rådgiver (Voksenhandicap)",
    "Den unge, ungevejleder, sagsbehandler (Børn og Familie), jobcentret (Ungeindsatsen)",
    "Den unge, forælder, kontaktperson, rådgiver (Socialpsykiatri), ungevejleder",
]
ACTIONS = [
    ("Ansøgning om STU sendes", "Mette Kjær, Børn og Familie"),
    ("Afklaring af bostøtte efter 18 år", "Henrik Bach, Voksenhandicap"),
    ("Besøg på FGU med kontaktpersonen", "Ungevejledningen"),
    ("Overdragelse af sagen til voksenområdet", "Lone Vestergaard, Voksenhandicap"),
    ("Samtale med jobcentret om uddannelseshjælp", "Jobcentret, Ungeindsatsen"),
]
SELF_REPORT_WISHES = [
    "Jeg vil gerne i gang med en uddannelse efter sommer.",
    "Jeg arbejder i et supermarked og er glad for det.",
    "",
]


@dataclass
class PlansResult:
    plans: int = 0
    wishes: int = 0
    statements: int = 0
    steps: int = 0
    signatures: int = 0
    transitions: int = 0
    meetings: int = 0
    self_reports: int = 0
    self_reports_answered: int = 0


def _login(person: YoungPerson) -> User:
    """The young person's login, as a UNI-Login links it (identity's `ung-<uuid>`)."""
    existing = User.objects.filter(young_person=person).first()
    return existing or user_create(
        acting_user=None,
        username=f"ung-{person.uuid.hex[:12]}",
        password=None,
        role=Role.YOUNG_PERSON,
        municipality=person.municipality,
        first_name=person.first_name,
        last_name=person.last_name,
        young_person=person,
    )


def _guardian_login(person: YoungPerson) -> User | None:
    link = person.guardian_links.select_related("guardian__user").first()
    if link is None:
        return None
    guardian = link.guardian
    if guardian.user is None:
        first, _, last = guardian.name.partition(" ")
        guardian.user = user_create(
            acting_user=None,
            username=f"foraelder-{guardian.uuid.hex[:12]}",
            password=None,
            role=Role.GUARDIAN,
            municipality=person.municipality,
            first_name=first,
            last_name=last,
        )
        guardian.save(update_fields=["user", "updated_at"])
    return guardian.user


def _day(rng: random.Random, today: date, earliest: int, latest: int) -> date:
    return today - timedelta(days=rng.randint(earliest, latest))


def _plan(person: YoungPerson, rng: random.Random, today: date, result: PlansResult) -> None:
    user = _login(person)
    grade = person.school_class.grade if person.school_class else 11
    older = grade >= 9
    day = _day(rng, today, 20, 90)
    if older:  # a wish from a year ago that has moved since
        with _on(_day(rng, today, 300, 420)):
            plan_wish_add(
                young_person=person,
                kind=PlanWish.Kind.EDUCATION,
                text=rng.choice(EDUCATION_WISHES),
                acting_user=user,
            )
        result.wishes += 1
    with _on(day):
        wish = rng.choice(EDUCATION_WISHES)
        plan_wish_add(
            young_person=person, kind=PlanWish.Kind.EDUCATION, text=wish, acting_user=user
        )
        result.wishes += 1
        if rng.random() < 0.3:
            plan_wish_add(
                young_person=person,
                kind=PlanWish.Kind.JOB,
                text=rng.choice(JOB_WISHES),
                acting_user=user,
            )
            result.wishes += 1
    if rng.random() < (0.8 if older else 0.3):
        with _on(day + timedelta(days=rng.randint(1, 10))):
            destination_statement_set(
                young_person=person, text=f"Jeg har valgt: {wish}.", acting_user=user
            )
        result.statements += 1
    for _n in range(rng.randint(1, 2)):
        step_day = _day(rng, today, 5, 60)
        with _on(step_day):  # who follows the young person on that day (by age and school)
            professionals = list(plan_professionals_for(young_person=person))
            if not professionals:
                continue
            responsible = rng.choice(professionals)
            step = plan_step_add(
                young_person=person,
                text=rng.choice(STEPS),
                responsible=responsible,
                due_date=step_day + timedelta(days=rng.randint(14, 90)),
                acting_user=responsible,
            )
        result.steps += 1
        if step.due_date < today and rng.random() < 0.7:
            with _on(step.due_date):
                plan_step_complete(step=step, acting_user=responsible)
    if person.age < 18 and rng.random() < COSIGN_SHARE:
        guardian = _guardian_login(person)
        if guardian is not None:
            plan_cosign(young_person=person, acting_user=guardian)
            result.signatures += 1
    result.plans += 1


def _transition(
    person: YoungPerson, counsellor: User, rng: random.Random, today: date, result: PlansResult
) -> None:
    born = person.birth_date
    try:
        sixteen = add_years(born, TRANSITION_MIN_AGE)
    except ValueError:  # born 29 February: 16 on 1 March
        sixteen = date(born.year + TRANSITION_MIN_AGE, 3, 1)
    assessed = max(sixteen - timedelta(days=120), _day(rng, today, 60, 300))
    with _on(min(assessed, today)):
        transition_record(
            young_person=person, reason=rng.choice(TRANSITION_REASONS), acting_user=counsellor
        )
    result.transitions += 1
    first_meeting = max(assessed + timedelta(days=14), sixteen)
    for _n in range(rng.randint(1, 2)):
        if first_meeting > today:
            return
        meeting_date = first_meeting
        with _on(meeting_date):
            meeting = coordination_meeting_add(
                young_person=person,
                meeting_date=meeting_date,
                participants=rng.choice(PARTICIPANTS),
                summary="Status på skole og fritid; hvad skal være på plads før 18 år.",
                acting_user=counsellor,
            )
            actions = [
                coordination_action_add(
                    meeting=meeting,
                    text=text,
                    responsible=responsible,
                    due_date=meeting_date + timedelta(days=rng.randint(21, 120)),
                    acting_user=counsellor,
                )
                for text, responsible in rng.sample(ACTIONS, 2)
            ]
        for action in actions:
            if action.due_date < today and rng.random() < 0.6:
                with _on(action.due_date):
                    coordination_action_complete(action=action, acting_user=counsellor)
        result.meetings += 1
        first_meeting = meeting_date + timedelta(days=rng.randint(90, 150))


def _self_reports(
    municipality: Municipality, counsellors: list[User], rng: random.Random, result: PlansResult
) -> None:
    unknown = list(
        FollowUp.objects.filter(municipality=municipality, current_status=Status.UNKNOWN)
        .select_related("young_person__municipality", "counsellor")
        .order_by("pk")
    )
    for follow_up in rng.sample(unknown, min(SELF_REPORTS, len(unknown))):
        person = follow_up.young_person
        sender = follow_up.counsellor or rng.choice(counsellors)
        _invitation, token = self_report_send(
            young_person=person,
            email=f"ung-{person.uuid.hex[:8]}@example.org",
            acting_user=sender,
        )
        result.self_reports += 1
        if rng.random() < 0.5:
            self_report_answer(
                token=token,
                status=rng.choice([Status.YOUTH_EDUCATION, Status.JOB_UNDER_20, Status.FGU]),
                wish=rng.choice(SELF_REPORT_WISHES),
                may_contact=rng.random() < 0.7,
            )
            result.self_reports_answered += 1


def demo_plans_build(
    *, municipality: Municipality, seed: int, today: date | None = None
) -> PlansResult:
    today = today or timezone.localdate()
    rng = random.Random(f"plans-{seed}")
    result = PlansResult()
    people = (
        YoungPerson.objects.filter(municipality=municipality)
        .select_related("school__district", "school_class", "municipality")
        .order_by("pk")
    )
    year = school_year_of(today)
    demo_pupil = User.objects.filter(username="ung", municipality=municipality).first()
    demo_school = (
        demo_pupil.young_person.school_id if demo_pupil and demo_pupil.young_person else None
    )
    pupils = [
        p
        for p in people.filter(school_class__grade__in=(8, 9, 10), school_class__school_year=year)
        if rng.random() < (PUPIL_SHARE if p.school_id == demo_school else OTHER_SCHOOLS_SHARE)
    ]
    out_of_school = [
        p
        for p in people.filter(school_class__isnull=True)
        if 15 <= p.age_on(today) <= 17 and rng.random() < OUT_OF_SCHOOL_SHARE
    ]
    for person in pupils + out_of_school:
        _plan(person, rng, today, result)
    counsellors = list(
        User.objects.filter(
            municipality=municipality, role=Role.GUIDANCE_COUNSELLOR, is_active=True
        ).order_by("pk")
    )
    if not counsellors:
        return result
    for person in people.filter(support_track=True):
        if 16 <= person.age_on(today) <= 17 and rng.random() < TRANSITION_SHARE:
            _transition(person, rng.choice(counsellors), rng, today, result)
    _self_reports(municipality, counsellors, rng, result)
    return result
