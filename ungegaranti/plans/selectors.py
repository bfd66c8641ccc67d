"""Reads of a young person's record, always through the reader's scope."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ungegaranti.core.permissions import has_role
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import teaching_year_share
from ungegaranti.people.selectors import classes_visible_to

from .models import (
    Activity,
    ActivityComment,
    CareerLearningSetting,
    ClassActivity,
    Goal,
    Plan,
    PlanComment,
    PlanSignature,
    PlanStep,
    Stage,
)
from .permissions import TEACHER_HIDDEN_KINDS


def activities_of(*, young_person: Any) -> QuerySet[Activity]:
    """The activities in a young person's record (callers have checked access to the person)."""
    return Activity.objects.filter(young_person=young_person).select_related("partner")


def record_activities_for(*, user: Any, young_person: Any) -> QuerySet[Activity]:
    """The record as `user` may read it (the caller fetched the person through the user's
    scope), with comments and their authors: three queries however long the record is."""
    activities = activities_of(young_person=young_person).prefetch_related(
        Prefetch(
            "comments",
            queryset=ActivityComment.objects.select_related("author").order_by("created_at"),
            to_attr="comment_list",  # a list: no queryset is built per activity to read it
        )
    )
    if user is not None and has_role(user, Role.TEACHER):
        activities = activities.exclude(kind__in=TEACHER_HIDDEN_KINDS)
    return activities


@dataclass(frozen=True)
class TimelineRow:
    """One activity of the timeline with its words looked up once per page, not per row: a
    record from 0. klasse holds hundreds of activities, and the choice labels, the
    translated dates and the links are what the page spends its time on."""

    activity: Activity
    url: str
    when: str
    kind: str
    status: str
    stage: str
    goal: str
    comments: int


def timeline_rows(activities: list[Activity]) -> list[TimelineRow]:
    from uuid import UUID

    from django.urls import reverse
    from django.utils.formats import date_format

    from .models import ActivityKind

    labels = {
        "kind": {v: str(label) for v, label in ActivityKind.choices},
        "status": {v: str(label) for v, label in Activity.Status.choices},
        "stage": {v: str(label) for v, label in Stage.choices},
        "goal": {v: str(label) for v, label in Goal.choices},
    }
    blank = UUID(int=0)
    url = reverse("plans:activity_detail", kwargs={"uuid": blank}).replace(str(blank), "{}")
    # "j. N Y" with the month's abbreviation looked up once per month, not once per date.
    months: dict[int, str] = {}

    def day(value: date) -> str:
        if value.month not in months:
            months[value.month] = date_format(value, "N")
        return f"{value.day}. {months[value.month]} {value.year}"

    rows = []
    for a in activities:
        if a.start_date is None:
            when = ""
        elif a.end_date and a.end_date != a.start_date:
            when = f"{day(a.start_date)} – {day(a.end_date)}"
        else:
            when = day(a.start_date)
        rows.append(
            TimelineRow(
                activity=a,
                url=url.format(a.uuid),
                when=when,
                kind=labels["kind"].get(a.kind, a.kind),
                status=labels["status"].get(a.status, a.status),
                stage=labels["stage"].get(a.stage, ""),
                goal=labels["goal"].get(a.goal, ""),
                comments=len(getattr(a, "comment_list", ())),
            )
        )
    return rows


@dataclass(frozen=True)
class Coverage:
    """Which of Bill Law's stages and the strategic goals a record covers, and what is missing."""

    stages: list[tuple[str, str, int]]  # (value, label, number of activities)
    goals: list[tuple[str, str, int]]

    @property
    def missing_stages(self) -> list[str]:
        return [label for _value, label, n in self.stages if n == 0]

    @property
    def missing_goals(self) -> list[str]:
        return [label for _value, label, n in self.goals if n == 0]

    @property
    def is_complete(self) -> bool:
        return not self.missing_stages and not self.missing_goals


def record_coverage(activities: QuerySet[Activity]) -> Coverage:
    """The coverage of the whole record, not of the page shown: three columns in one query,
    no activity built."""
    from types import SimpleNamespace

    rows = (
        activities.select_related(None)
        .prefetch_related(None)
        .order_by()
        .values_list("status", "stage", "goal")
    )
    return coverage_of(SimpleNamespace(status=s, stage=st, goal=g) for s, st, g in rows)


def coverage_of(activities: Any) -> Coverage:
    """Count the stages and goals of the activities already loaded (no query of its own).
    Cancelled activities did not happen and cover nothing."""
    stage_counts = dict.fromkeys(Stage.values, 0)
    goal_counts = dict.fromkeys(Goal.values, 0)
    for activity in activities:
        if activity.status == Activity.Status.CANCELLED:
            continue
        if activity.stage:
            stage_counts[activity.stage] += 1
        if activity.goal:
            goal_counts[activity.goal] += 1
    return Coverage(
        stages=[(v, str(Stage(v).label), stage_counts[v]) for v in Stage.values],
        goals=[(v, str(Goal(v).label), goal_counts[v]) for v in Goal.values],
    )


# An "after" is written while the activity is fresh: the home page asks only for those of the
# last weeks, not for every activity since 0. klasse.
AFTER_WANTED_DAYS = 42


def home_pupil_record_summary(user: Any) -> dict[str, Any] | None:
    """The young person's own record on their home page: the latest activities, the coverage
    and how many of the last weeks' activities still wait for an "after"."""
    if not has_role(user, Role.YOUNG_PERSON) or not user.young_person_id:
        return None
    activities = list(
        Activity.objects.filter(young_person_id=user.young_person_id).only(
            "uuid",
            "kind",
            "title",
            "status",
            "start_date",
            "end_date",
            "stage",
            "goal",
            "reflection_after",
        )
    )
    since = timezone.localdate() - timedelta(days=AFTER_WANTED_DAYS)
    return {
        "young_person_uuid": user.young_person.uuid,
        "latest": activities[:3],
        "coverage": coverage_of(activities),
        "awaiting_after": sum(
            1
            for a in activities
            if a.status == Activity.Status.COMPLETED
            and not a.reflection_after
            and (a.end_date or a.start_date or since) >= since
        ),
    }


def career_target_hours(*, municipality_id: int) -> int:
    """The municipality's yearly Uddannelse & Job target (25 hours unless it set another)."""
    setting = CareerLearningSetting.objects.filter(municipality_id=municipality_id).first()
    return setting.yearly_target_hours if setting else CareerLearningSetting().yearly_target_hours


@dataclass
class ProgressRow:
    """Hours of Uddannelse & Job against the target and against the pace so far."""

    name: str
    hours: Decimal
    target: Decimal  # for a class: the yearly target; for a school or district: per class
    expected: Decimal  # where the pace says it should be by today
    classes: int = 1
    behind_classes: int = 0
    school_class: Any = None
    children: list["ProgressRow"] = field(default_factory=list)

    @property
    def is_behind(self) -> bool:
        return self.hours < self.expected

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.hours / self.target)) if self.target else 0


def career_progress_for(*, user: Any, school_year: int, today: date) -> list[ProgressRow]:
    """Districts, each with its schools, each with its classes of `school_year` that `user`
    follows: hours recorded against the target and the pace. Two queries in all."""
    target = Decimal(career_target_hours(municipality_id=user.municipality_id))
    expected = (target * Decimal(str(teaching_year_share(school_year, today)))).quantize(
        Decimal("0.1")
    )
    classes = (
        classes_visible_to(user=user)
        .filter(school_year=school_year)
        .select_related("school__district")
        .annotate(
            uj_hours=Coalesce(
                Sum("class_activities__hours"),
                Value(Decimal(0)),
                output_field=DecimalField(max_digits=8, decimal_places=1),
            )
        )
        .order_by("school__district__name", "school__name", "grade", "letter")
    )
    districts: dict[Any, ProgressRow] = {}
    schools: dict[Any, ProgressRow] = {}
    for school_class in classes:
        school = school_class.school
        district = districts.setdefault(
            school.district_id,
            ProgressRow(
                name=school.district.name,
                hours=Decimal(0),
                target=target,
                expected=expected,
                classes=0,
            ),
        )
        if school.pk not in schools:
            schools[school.pk] = ProgressRow(
                name=school.name, hours=Decimal(0), target=target, expected=expected, classes=0
            )
            district.children.append(schools[school.pk])
        row = ProgressRow(
            name=school_class.name,
            hours=school_class.uj_hours,
            target=target,
            expected=expected,
            school_class=school_class,
        )
        row.behind_classes = int(row.is_behind)
        schools[school.pk].children.append(row)
    for district in districts.values():
        for school_row in district.children:
            _sum_up(school_row)
        _sum_up(district)
    return list(districts.values())


def _sum_up(row: ProgressRow) -> None:
    """A school's or district's figures: hours per class on average, and classes behind."""
    row.classes = sum(child.classes for child in row.children)
    row.behind_classes = sum(child.behind_classes for child in row.children)
    total = sum((child.hours * child.classes for child in row.children), Decimal(0))
    row.hours = (total / row.classes).quantize(Decimal("0.1")) if row.classes else Decimal(0)


def class_activities_of(*, school_class: Any) -> QuerySet[ClassActivity]:
    return ClassActivity.objects.filter(school_class=school_class).select_related(
        "partner", "created_by"
    )


def home_teacher_career_hours(*, user: Any) -> list[ProgressRow]:
    """The teacher's classes this school year with their Uddannelse & Job hours (two queries)."""
    from django.utils import timezone

    from ungegaranti.core.schoolyear import school_year_of

    today = timezone.localdate()
    districts = career_progress_for(user=user, school_year=school_year_of(today), today=today)
    return [row for d in districts for school in d.children for row in school.children]


def plan_professionals_for(*, young_person: Any) -> QuerySet[Any]:
    """The professionals who follow this young person and can be responsible for a step in
    their plan: the career-learning counsellors of their school, the work-experience
    coordinators of its district, and the guidance counsellors from 15 to 29."""
    from django.db.models import Q

    from ungegaranti.core.models import User
    from ungegaranti.core.roles import GUIDANCE_MAX_AGE, GUIDANCE_MIN_AGE

    who = Q(pk__in=[])
    if young_person.school_id:
        who |= Q(role=Role.CAREER_COUNSELLOR, school_id=young_person.school_id)
        who |= Q(role=Role.WORK_EXPERIENCE_COORDINATOR, district_id=young_person.school.district_id)
    if GUIDANCE_MIN_AGE <= young_person.age <= GUIDANCE_MAX_AGE:
        who |= Q(role=Role.GUIDANCE_COUNSELLOR)
    return User.objects.filter(
        who, municipality_id=young_person.municipality_id, is_active=True
    ).order_by("role", "first_name", "last_name", "username")


@dataclass
class PlanView:
    """A young person's plan with everything in it, loaded in a fixed number of queries."""

    plan: Plan | None
    wishes: list[Any]
    statements: list[Any]
    steps: list[Any]
    comments: list[Any]
    signatures: list[Any]

    @property
    def statement(self) -> Any:
        return self.statements[0] if self.statements else None

    @property
    def revision(self) -> int:
        return self.plan.revision if self.plan else 0

    @property
    def current_signatures(self) -> list[Any]:
        return [s for s in self.signatures if s.revision == self.revision]

    @property
    def open_steps(self) -> list[Any]:
        return [s for s in self.steps if s.done_date is None]

    @property
    def done_steps(self) -> list[Any]:
        return [s for s in self.steps if s.done_date is not None]

    @property
    def is_empty(self) -> bool:
        return not (self.wishes or self.statements or self.steps)


def plan_view_of(*, young_person: Any) -> PlanView:
    """The plan (callers have checked access to the person): six queries however long it is."""
    plan = Plan.objects.filter(young_person=young_person).first()
    if plan is None:
        return PlanView(None, [], [], [], [], [])
    return PlanView(
        plan=plan,
        wishes=list(plan.wishes.all()),
        statements=list(plan.statements.all()),
        steps=list(PlanStep.objects.filter(plan=plan).select_related("responsible", "created_by")),
        comments=list(PlanComment.objects.filter(plan=plan).select_related("author")),
        signatures=list(PlanSignature.objects.filter(plan=plan).select_related("signed_by")),
    )


def transition_of(*, young_person: Any) -> Any:
    """The young person's Ungekoordinering with its meetings and their actions (three
    queries), or None."""
    from .models import CoordinationAction, CoordinationMeeting, TransitionPlan

    transition = (
        TransitionPlan.objects.filter(plan__young_person=young_person)
        .select_related("recorded_by")
        .first()
    )
    if transition is None:
        return None
    transition.meeting_list = list(  # type: ignore[attr-defined]
        CoordinationMeeting.objects.filter(transition=transition)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("actions", queryset=CoordinationAction.objects.all(), to_attr="action_list")
        )
    )
    return transition


def _transition_data(young_person: Any) -> dict[str, Any] | None:
    transition = transition_of(young_person=young_person)
    if transition is None:
        return None
    return {
        "vurderet": transition.expected_date.isoformat(),
        "begrundelse": transition.reason,
        "moeder": [
            {
                "dato": m.meeting_date.isoformat(),
                "deltagere": m.participants,
                "referat": m.summary,
                "handlinger": [
                    {
                        "handling": a.text,
                        "ansvarlig": a.responsible,
                        "senest": a.due_date.isoformat(),
                        "udfoert": a.done_date.isoformat() if a.done_date else None,
                    }
                    for a in m.action_list
                ],
            }
            for m in transition.meeting_list
        ],
    }


def _who(user: Any) -> str:
    return str(user.get_full_name() or user.username)


def plan_data_about(*, young_person: Any) -> dict[str, Any]:
    view = plan_view_of(young_person=young_person)
    return {
        "oensker": [
            {"dato": w.wish_date.isoformat(), "om": str(w.get_kind_display()), "oenske": w.text}
            for w in view.wishes
        ],
        "destinationserklaeringer": [
            {"dato": d.statement_date.isoformat(), "tekst": d.text} for d in view.statements
        ],
        "naeste_skridt": [
            {
                "skridt": s.text,
                "ansvarlig": _who(s.responsible),
                "ansvarlig_rolle": s.responsible.role_label,
                "senest": s.due_date.isoformat(),
                "udfoert": s.done_date.isoformat() if s.done_date else None,
            }
            for s in view.steps
        ],
        "kommentarer": [
            {
                "skrevet": c.created_at.date().isoformat(),
                "af": _who(c.author),
                "rolle": c.author.role_label,
                "tekst": c.text,
            }
            for c in view.comments
        ],
        "medunderskrifter": [
            {
                "underskrevet": s.signed_at.isoformat(timespec="seconds"),
                "af": _who(s.signed_by),
                "version": s.revision,
            }
            for s in view.signatures
        ],
    }


def data_about(*, young_person: Any) -> dict[str, Any]:
    """Everything the record holds about one young person, for their right of access."""
    activities = record_activities_for(user=None, young_person=young_person)
    return {
        "plan": plan_data_about(young_person=young_person),
        "ungekoordinering": _transition_data(young_person),
        "aktiviteter": [
            {
                "titel": a.title,
                "type": str(a.get_kind_display()),
                "status": str(a.get_status_display()),
                "fra": a.start_date.isoformat() if a.start_date else None,
                "til": a.end_date.isoformat() if a.end_date else None,
                "garantipartner": a.partner.name if a.partner else None,
                "fase": str(a.get_stage_display()) if a.stage else None,
                "strategisk_maal": str(a.get_goal_display()) if a.goal else None,
                "foer": a.reflection_before,
                "under": a.reflection_during,
                "efter": a.reflection_after,
                "kommentarer": [
                    {
                        "skrevet": c.created_at.date().isoformat(),
                        "af": c.author.get_full_name() or c.author.username,
                        "rolle": c.author.role_label,
                        "tekst": c.text,
                    }
                    for c in a.comment_list  # type: ignore[attr-defined]
                ],
            }
            for a in activities
        ],
    }
