"""Demo records: Uddannelse & Job hours for every class this school year (some classes behind
the target), a full record from 0. klasse for the demo pupil with reflections, the
municipality's definition of a positive destination, statuses for the 15-29 year olds out of
school (about 12 % not in a positive destination, some who left education lately) and a
worklist for five guidance counsellors with contacts and next contact dates. Everything goes
through the plans and destinations services.

Called by `manage.py demo_records --seed N` after demo_municipality.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ungegaranti.core.models import Municipality, User
from ungegaranti.core.roles import GUIDANCE_MAX_AGE, GUIDANCE_MIN_AGE, Role
from ungegaranti.core.schoolyear import school_year_bounds, school_year_of, teaching_year_share
from ungegaranti.core.services import user_create
from ungegaranti.destinations.definitions import READY_BY_KEY
from ungegaranti.destinations.models import ContactLogEntry, Status
from ungegaranti.destinations.services import (
    StatusRecord,
    contact_log,
    definition_create,
    follow_ups_assign,
    statuses_import,
)
from ungegaranti.insights.models import ResearchVariable
from ungegaranti.insights.services import research_project_register
from ungegaranti.people.models import SchoolClass, YoungPerson
from ungegaranti.people.selectors import birth_date_range_for_ages
from ungegaranti.plans.models import Activity, ActivityKind, Goal, Stage
from ungegaranti.plans.services import activity_record, activity_reflect, class_activity_record

SYSTEM_USERNAME = "forloeb-demo"
COUNSELLORS = (
    ("Jesper", "Holm"),
    ("Sofie", "Dam"),
    ("Rasmus", "Krogh"),
    ("Line", "Bisgaard"),
    ("Ahmed", "Nasser"),
)

TOPICS = {
    "small": [  # 0.-3. klasse: opdage
        ("Hvad laver de voksne hjemme hos mig?", Stage.SENSING, Goal.INSIGHT),
        ("Besøg på brandstationen", Stage.SENSING, Goal.OUTLOOK),
        ("Mit drømmejob – tegn og fortæl", Stage.SENSING, Goal.INSIGHT),
        ("Bondegårdstur", Stage.SENSING, Goal.OUTLOOK),
    ],
    "middle": [  # 4.-6. klasse: ordne
        ("Jobs i min by", Stage.SIFTING, Goal.OUTLOOK),
        ("Virksomheden kommer på besøg", Stage.SIFTING, Goal.OUTLOOK),
        ("Mine styrker og interesser", Stage.SIFTING, Goal.INSIGHT),
        ("Edison – iværksætterkonkurrence", Stage.FOCUSING, Goal.COMPETENCES),
    ],
    "older": [  # 7.-9. klasse: fokusere og forstå
        ("Besøg på erhvervsskolen", Stage.FOCUSING, Goal.OUTLOOK),
        ("Brobygning og uddannelsesvalg", Stage.FOCUSING, Goal.INSIGHT),
        ("Forberedelse til erhvervspraktik", Stage.FOCUSING, Goal.COMPETENCES),
        ("Efter praktikken: hvad lærte jeg?", Stage.UNDERSTANDING, Goal.INSIGHT),
        ("Ungdomsuddannelserne præsenterer sig", Stage.SIFTING, Goal.OUTLOOK),
    ],
}

# (status, weight) of the current status by age, with roughly 12 % not positive.
# Where a young person goes on leaving an education, before the current status.
LEAVER_STATUS = [
    (Status.UNEMPLOYED, 45),
    (Status.JOB_UNDER_20, 30),
    (Status.UNKNOWN, 15),
    (Status.OTHER, 10),
]

CURRENT_STATUS = {
    (15, 19): [
        (Status.YOUTH_EDUCATION, 72),
        (Status.FGU, 7),
        (Status.APPRENTICESHIP, 6),
        (Status.JOB_20_PLUS, 3),
        (Status.UNEMPLOYED, 4),
        (Status.JOB_UNDER_20, 3),
        (Status.OTHER, 2),
        (Status.UNKNOWN, 3),
    ],
    (20, 24): [
        (Status.HIGHER_EDUCATION, 34),
        (Status.YOUTH_EDUCATION, 9),
        (Status.APPRENTICESHIP, 8),
        (Status.JOB_20_PLUS, 30),
        (Status.MILITARY, 2),
        (Status.FGU, 3),
        (Status.UNEMPLOYED, 6),
        (Status.JOB_UNDER_20, 3),
        (Status.OTHER, 2),
        (Status.UNKNOWN, 2),
        (Status.MOVED_AWAY, 1),
    ],
    (25, 29): [
        (Status.JOB_20_PLUS, 60),
        (Status.HIGHER_EDUCATION, 19),
        (Status.APPRENTICESHIP, 3),
        (Status.YOUTH_EDUCATION, 3),
        (Status.UNEMPLOYED, 7),
        (Status.JOB_UNDER_20, 3),
        (Status.OTHER, 2),
        (Status.UNKNOWN, 2),
        (Status.MOVED_AWAY, 1),
    ],
}
REFLECTIONS = [
    (
        "Jeg tror, det bliver kedeligt.",
        "Vi så maskinerne og prøvede selv.",
        "Det var sjovere end jeg troede. Jeg vil gerne prøve noget med hænderne.",
    ),
    (
        "Jeg glæder mig til at se, hvad de laver.",
        "Vi talte med en lærling.",
        "Jeg ved nu, at man kan få løn under uddannelsen.",
    ),
    (
        "Jeg ved ikke, hvad jeg vil.",
        "Vi lavede en test af mine interesser.",
        "Jeg er god til at hjælpe andre. Måske noget med pædagogik.",
    ),
]


@dataclass
class RecordsResult:
    class_activities: int
    pupil_history: int
    statuses: int
    not_positive: int
    counsellors: int
    contacts: int


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([s for s, _w in weighted], [w for _s, w in weighted])[0]


def _system_user(municipality: Municipality) -> User:
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    return user or user_create(
        acting_user=None,
        username=SYSTEM_USERNAME,
        password=None,
        role=Role.SECRETARIAT,
        municipality=municipality,
        first_name="Ungesekretariatet",
        last_name="(demo)",
    )


def _topics(grade: int) -> Sequence[tuple[str, str, str]]:
    return TOPICS["small" if grade <= 3 else "middle" if grade <= 6 else "older"]


def demo_records_build(
    *, municipality: Municipality, seed: int, today: date | None = None
) -> RecordsResult:
    today = today or timezone.localdate()
    rng = random.Random(f"records-{seed}")
    system = _system_user(municipality)
    ready = READY_BY_KEY["hjoerring"]
    definition_create(
        municipality=municipality,
        name=str(ready.name),
        positive_statuses=ready.positive_statuses,
        effective_date=date(2019, 5, 29),  # the city council adopted the guarantee
        description=str(ready.description),
        acting_user=system,
    )
    class_activities = _class_hours(municipality, rng, system, today)
    pupil_history = _demo_pupil_history(municipality, rng, today)
    statuses, not_positive, counsellors, contacts = _destinations(municipality, rng, system, today)
    _research_project(municipality, system)
    return RecordsResult(
        class_activities, pupil_history, statuses, not_positive, counsellors, contacts
    )


def _research_project(municipality: Municipality, system: User) -> None:
    """The 10-year evaluation (domain.md "Cost and evaluation"), registered with the demo
    researcher on it, so that the researcher's page has a project to order an export of."""
    researchers = list(User.objects.filter(municipality=municipality, role=Role.RESEARCHER))
    if not researchers:
        return
    research_project_register(
        municipality=municipality,
        name="Evaluering af Ungegarantien 2022-2031",
        data_controller="Regionalt klinisk forskningscenter (dataansvarlig)",
        purpose=(
            "Ekstern kvantitativ evaluering i samarbejde med Aalborg Universitet: "
            "uddannelse og job for de unge i garantien over 10 år."
        ),
        legal_basis="Databeskyttelsesloven § 10",
        approval_reference="Demo: F-2022-0417 (fiktivt journalnummer)",
        start_date=date(2022, 1, 1),
        end_date=date(2031, 12, 31),
        variables=[
            ResearchVariable.SEX,
            ResearchVariable.BIRTH,
            ResearchVariable.DISTRICT,
            ResearchVariable.GRADE,
            ResearchVariable.SUPPORT,
            ResearchVariable.ACTIVITIES,
            ResearchVariable.ROUNDS,
            ResearchVariable.STATUSES,
        ],
        researchers=researchers,
        acting_user=system,
    )


def _class_hours(municipality: Municipality, rng: random.Random, system: User, today: date) -> int:
    """This school year's Uddannelse & Job per class: most on pace, about one in five behind."""
    year = school_year_of(today)
    first, _last = school_year_bounds(year)
    share = teaching_year_share(year, today)
    days = (today - first).days
    if days < 1:
        return 0
    count = 0
    for school_class in SchoolClass.objects.filter(
        municipality=municipality, school_year=year
    ).select_related("school"):
        pace = rng.uniform(0.35, 0.75) if rng.random() < 0.2 else rng.uniform(0.95, 1.4)
        hours_due = 25 * share * pace
        while hours_due >= 1:
            hours = Decimal(rng.choice(["1", "1.5", "2", "2", "3"]))
            topic, stage, goal = rng.choice(_topics(school_class.grade))
            class_activity_record(
                school_class=school_class,
                topic=topic,
                activity_date=first + timedelta(days=rng.randrange(days)),
                hours=hours,
                stage=stage,
                goal=goal,
                acting_user=system,
            )
            hours_due -= float(hours)
            count += 1
    return count


def _demo_pupil_history(municipality: Municipality, rng: random.Random, today: date) -> int:
    """The demo pupil's record from 0. klasse: about 24 activities a year in earlier years (the
    classes of those years are not in the demo), and reflections on some, in their own words."""
    user = User.objects.filter(username="ung", municipality=municipality).first()
    if user is None or user.young_person is None or user.young_person.school_class is None:
        return 0
    person = user.young_person
    grade = person.school_class.grade if person.school_class else 0
    year = school_year_of(today)
    kinds = [ActivityKind.CLASS_ACTIVITY] * 6 + [
        ActivityKind.COMPANY_VISIT,
        ActivityKind.EVENT,
        ActivityKind.OPEN_SCHOOL_COURSE,
    ]
    count = 0
    for years_back in range(grade, 0, -1):
        past_grade = grade - years_back
        first, _last = school_year_bounds(year - years_back)
        for n in range(24):
            topic, stage, goal = rng.choice(_topics(past_grade))
            day = first + timedelta(days=10 + rng.randrange(300))
            activity_record(
                young_person=person,
                acting_user=None,
                kind=rng.choice(kinds),
                title=topic,
                source_key=f"demo-history:{person.uuid}:{years_back}:{n}",
                status=Activity.Status.COMPLETED,
                start_date=day,
                end_date=day,
                stage=stage,
                goal=goal,
            )
            count += 1
    for activity in Activity.objects.filter(young_person=person).order_by("-start_date")[1:12:2]:
        before, during, after = rng.choice(REFLECTIONS)
        activity_reflect(
            activity=activity,
            reflection_before=before,
            reflection_during=during,
            reflection_after=after,
            acting_user=user,
        )
    return count


def _status_history(
    rng: random.Random, status: str, *, age: int, fifteen: date, today: date
) -> list[tuple[str, date]]:
    """A status history ending in `status`: an education since 15-16 for most, so the months'
    share in a positive destination is steady, not an artefact of when statuses began; and
    for about a third of the 17+ a spell out of education (left 1-24 months ago, into
    unemployment or a small job), followed for most by the current status some months
    later: the cohorts of leavers 3 and 9 months on."""
    start = max(fifteen, today - timedelta(days=rng.randrange(420, 1500)))
    if age < 17 or rng.random() >= 0.35:
        first = Status.YOUTH_EDUCATION if age <= 20 else status
        day = max(start, today - timedelta(days=rng.randrange(30, 360)))
        return [(first, start), (status, day)] if day > start else [(status, start)]
    left = max(start + timedelta(days=200), today - timedelta(days=rng.randrange(30, 730)))
    if left >= today:
        return [(status, start)]
    history = [(Status.YOUTH_EDUCATION, start), (_pick(rng, LEAVER_STATUS), left)]
    later = left + timedelta(days=rng.randrange(20, 330))
    if later <= today:
        history.append((status, later))
    return history


def _destinations(
    municipality: Municipality, rng: random.Random, system: User, today: date
) -> tuple[int, int, int, int]:
    earliest, latest = birth_date_range_for_ages(GUIDANCE_MIN_AGE, GUIDANCE_MAX_AGE, today)
    people = list(
        YoungPerson.objects.filter(
            municipality=municipality,
            birth_date__gte=earliest,
            birth_date__lte=latest,
            school_class__isnull=True,
        ).order_by("pk")
    )
    records: list[StatusRecord] = []
    not_positive: list[YoungPerson] = []
    positive_codes = set(READY_BY_KEY["hjoerring"].positive_statuses)
    for person in people:
        if rng.random() < 0.03:
            not_positive.append(person)  # nothing registered: status unknown
            continue
        age = person.age_on(today)
        band = next(b for b in CURRENT_STATUS if b[0] <= age <= b[1])
        status = _pick(rng, CURRENT_STATUS[band])
        # Never before the person turned 15 (born 29 February: from 28 February).
        born = person.birth_date
        fifteen = date(
            born.year + 15, born.month, 28 if (born.month, born.day) == (2, 29) else born.day
        )
        if status not in positive_codes:
            not_positive.append(person)
        history = _status_history(rng, status, age=age, fifteen=fifteen, today=today)
        records += [StatusRecord(person, code, day) for code, day in history]
    created = statuses_import(
        municipality=municipality, records=records, acting_user=system, source_name="demo"
    )["created"]
    counsellors = [User.objects.filter(username="vejleder", municipality=municipality).first()] + [
        User.objects.filter(username=f"vejleder-{i}").first()
        or user_create(
            acting_user=None,
            username=f"vejleder-{i}",
            password=None,
            role=Role.GUIDANCE_COUNSELLOR,
            municipality=municipality,
            first_name=first,
            last_name=last,
        )
        for i, (first, last) in enumerate(COUNSELLORS[1:], start=2)
    ]
    found = [c for c in counsellors if c is not None]
    # Most get a counsellor; a few wait to be assigned. Contacts: most have one, with the
    # next one due, and about one in six is overdue.
    rng.shuffle(not_positive)
    assigned = not_positive[: int(len(not_positive) * 0.9)]
    contacts = 0
    for index, counsellor in enumerate(found):
        share = assigned[index :: len(found)]
        follow_ups_assign(young_people=share, counsellor=counsellor, acting_user=system)
        for person in share:
            if rng.random() < 0.25:
                continue
            contact_day = today - timedelta(days=rng.randrange(3, 60))
            overdue = rng.random() < 0.18
            next_day = (
                today - timedelta(days=rng.randrange(1, 20))
                if overdue
                else today + timedelta(days=rng.randrange(1, 30))
            )
            contact_log(
                young_person=person,
                contact_date=contact_day,
                kind=rng.choice(ContactLogEntry.Kind.values),
                note=rng.choice(
                    [
                        "Talte om FGU og mulighederne for at komme i gang igen.",
                        "Aftalte besøg på jobcentret sammen.",
                        "Ingen svar; prøver igen.",
                        "Vil gerne i lære som tømrer; sender praktikpladser.",
                    ]
                ),
                next_contact_date=max(next_day, contact_day),
                acting_user=counsellor,
            )
            contacts += 1
    return created, len(not_positive), len(found), contacts
