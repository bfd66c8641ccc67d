"""Writes to a young person's record: activities arriving from other apps, the young person's
own activities and reflections, staff comments and Uddannelse & Job. Each asks
plans.permissions and leaves an audit event in the same transaction; acting_user None is the
system (a command, the demo builder)."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.audit import audit_action, changed, snapshot
from ungegaranti.core.models import User
from ungegaranti.core.schoolyear import school_year_bounds
from ungegaranti.core.services import audit_record
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import YoungPerson

from .models import (
    TRANSITION_MIN_AGE,
    Activity,
    ActivityComment,
    ActivityKind,
    CareerLearningSetting,
    ClassActivity,
    CoordinationAction,
    CoordinationMeeting,
    DestinationStatement,
    Goal,
    Plan,
    PlanComment,
    PlanSignature,
    PlanStep,
    PlanWish,
    Stage,
    TransitionPlan,
)
from .permissions import (
    can_add_plan_step,
    can_change_career_setting,
    can_comment_on_activity,
    can_comment_on_plan,
    can_complete_plan_step,
    can_cosign_plan,
    can_create_activity,
    can_manage_transition,
    can_record_activity,
    can_record_class_activity,
    can_reflect_on_activity,
    can_write_plan,
)
from .signals import destination_statement_made

ACTIVITY_RECORD = audit_action("plans.activity.record", _("Aktivitet registreret"))
ACTIVITY_CREATE = audit_action("plans.activity.create", _("Aktivitet tilføjet til forløbet"))
ACTIVITY_REFLECT = audit_action("plans.activity.reflect", _("Refleksion skrevet"))
ACTIVITY_COMMENT = audit_action("plans.activity.comment", _("Kommentar skrevet"))
CLASS_ACTIVITY_RECORD = audit_action(
    "plans.class_activity.record", _("Uddannelse & Job registreret for en klasse")
)
CAREER_SETTING_CHANGE = audit_action(
    "plans.career_setting.change", _("Mål for Uddannelse & Job ændret")
)
PLAN_WISH_ADD = audit_action("plans.plan.wish_add", _("Ønske skrevet i planen"))
PLAN_STATEMENT_SET = audit_action(
    "plans.plan.statement_set", _("Destinationserklæring skrevet i planen")
)
PLAN_STEP_ADD = audit_action("plans.plan.step_add", _("Næste skridt skrevet i planen"))
PLAN_STEP_COMPLETE = audit_action("plans.plan.step_complete", _("Næste skridt udført"))
PLAN_COMMENT = audit_action("plans.plan.comment", _("Kommentar til planen skrevet"))
PLAN_COSIGN = audit_action("plans.plan.cosign", _("Planen medunderskrevet af forælder"))
TRANSITION_RECORD = audit_action(
    "plans.transition.record", _("Ungekoordinering: behov for støtte efter 18 vurderet")
)
MEETING_ADD = audit_action("plans.transition.meeting_add", _("Koordineringsmøde skrevet"))
ACTION_ADD = audit_action("plans.transition.action_add", _("Aftalt handling skrevet"))
ACTION_COMPLETE = audit_action("plans.transition.action_complete", _("Aftalt handling udført"))
MAX_CLASS_ACTIVITY_HOURS = Decimal(40)  # a whole project week; more is a typing error

# Where an activity of each kind usually sits in career learning, when its source does not say.
KIND_DEFAULTS: dict[str, tuple[str, str]] = {
    ActivityKind.COMPANY_VISIT: (Stage.SENSING, Goal.OUTLOOK),
    ActivityKind.YOUTH_FAIR: (Stage.SENSING, Goal.OUTLOOK),
    ActivityKind.OPEN_SCHOOL_COURSE: (Stage.SIFTING, Goal.OUTLOOK),
    ActivityKind.WORK_EXPERIENCE: (Stage.FOCUSING, Goal.OUTLOOK),
    ActivityKind.LEISURE_JOB: (Stage.FOCUSING, Goal.COMPETENCES),
    ActivityKind.INTRO_JOB: (Stage.FOCUSING, Goal.COMPETENCES),
    ActivityKind.JUNIOR_APPRENTICESHIP: (Stage.UNDERSTANDING, Goal.COMPETENCES),
    ActivityKind.APPRENTICESHIP: (Stage.UNDERSTANDING, Goal.COMPETENCES),
    ActivityKind.GUIDANCE_CONVERSATION: (Stage.UNDERSTANDING, Goal.INSIGHT),
}

_AUDITED = ("kind", "title", "status", "partner", "start_date", "end_date", "stage", "goal")
_REFLECTION_FIELDS = ("reflection_before", "reflection_during", "reflection_after")


@transaction.atomic
def activity_record(
    *,
    young_person: YoungPerson,
    kind: str,
    title: str,
    source_key: str,
    acting_user: User | None,
    status: str = Activity.Status.PLANNED,
    partner: GuaranteePartner | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    stage: str = "",
    goal: str = "",
) -> Activity:
    """Put an activity in the young person's record, or update the one from the same source.

    Called by the apps that make activities happen (bookings, rounds, class activities, the
    annual wheel); the young person's reflections on an existing activity are kept."""
    if acting_user is not None and not can_record_activity(acting_user, young_person):
        raise PermissionDenied
    existing = Activity.objects.filter(
        municipality=young_person.municipality, source_key=source_key
    ).first()
    before = snapshot(existing, _AUDITED) if existing else dict.fromkeys(_AUDITED)
    default_stage, default_goal = KIND_DEFAULTS.get(kind, ("", ""))
    activity, _created = Activity.objects.update_or_create(
        municipality=young_person.municipality,
        source_key=source_key,
        defaults={
            "young_person": young_person,
            "kind": kind,
            "title": title,
            "status": status,
            "partner": partner,
            "start_date": start_date,
            "end_date": end_date,
            "stage": stage or default_stage,
            "goal": goal or default_goal,
        },
    )
    activity.full_clean()
    changes = changed(before, snapshot(activity, _AUDITED))
    if changes:
        audit_record(actor=acting_user, action=ACTIVITY_RECORD, obj=activity, changes=changes)
    return activity


@transaction.atomic
def activity_create(
    *,
    young_person: Any,
    title: str,
    start_date: date,
    stage: str,
    goal: str,
    reflection_before: str = "",
    acting_user: User,
) -> Activity:
    """The young person adds something they did themself (a job, a visit, a course)."""
    if not can_create_activity(acting_user, young_person):
        raise PermissionDenied
    activity = Activity(
        municipality=young_person.municipality,
        young_person=young_person,
        kind=ActivityKind.OWN,
        title=" ".join(title.split()),
        start_date=start_date,
        end_date=start_date,
        status=(
            Activity.Status.COMPLETED
            if start_date <= timezone.localdate()
            else Activity.Status.PLANNED
        ),
        stage=stage,
        goal=goal,
        reflection_before=reflection_before.strip(),
        reflected_at=timezone.now() if reflection_before.strip() else None,
    )
    # Unique per municipality; the young person's own activities need no outside source.
    activity.source_key = f"own:{activity.uuid}"
    activity.full_clean()
    activity.save()
    audit_record(
        actor=acting_user,
        action=ACTIVITY_CREATE,
        obj=activity,
        changes=snapshot(activity, ("title", "start_date", "stage", "goal")),
    )
    return activity


@transaction.atomic
def activity_reflect(
    *,
    activity: Activity,
    reflection_before: str,
    reflection_during: str,
    reflection_after: str,
    acting_user: User,
) -> Activity:
    """The young person writes what they expect, what they do and what they take away."""
    if not can_reflect_on_activity(acting_user, activity):
        raise PermissionDenied
    before = snapshot(activity, _REFLECTION_FIELDS)
    activity.reflection_before = reflection_before.strip()
    activity.reflection_during = reflection_during.strip()
    activity.reflection_after = reflection_after.strip()
    activity.reflected_at = timezone.now()
    activity.full_clean()
    activity.save()
    # The words themselves stay in the record; the trail says which parts changed.
    audit_record(
        actor=acting_user,
        action=ACTIVITY_REFLECT,
        obj=activity,
        changes={"fields": sorted(changed(before, snapshot(activity, _REFLECTION_FIELDS)))},
    )
    return activity


@transaction.atomic
def activity_comment_add(*, activity: Activity, text: str, acting_user: User) -> ActivityComment:
    if not can_comment_on_activity(acting_user, activity):
        raise PermissionDenied
    comment = ActivityComment(
        municipality=activity.municipality,
        activity=activity,
        author=acting_user,
        text=text.strip(),
    )
    comment.full_clean()
    comment.save()
    audit_record(actor=acting_user, action=ACTIVITY_COMMENT, obj=activity)
    return comment


@transaction.atomic
def class_activity_record(
    *,
    school_class: Any,
    topic: str,
    activity_date: date,
    hours: Decimal,
    stage: str,
    goal: str,
    partner: Any = None,
    acting_user: User,
) -> ClassActivity:
    """Record an Uddannelse & Job activity once for a class: it enters the record of every
    pupil in the class, on its date, and counts towards the class's yearly hours."""
    if not can_record_class_activity(acting_user, school_class):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if hours is None or hours <= 0:
        errors["hours"] = _("Timetallet skal være større end 0.")
    elif hours > MAX_CLASS_ACTIVITY_HOURS:
        errors["hours"] = _("Højst %(max)d timer for én aktivitet.") % {
            "max": MAX_CLASS_ACTIVITY_HOURS
        }
    first, last = school_year_bounds(school_class.school_year)
    if not first <= activity_date <= last:
        errors["activity_date"] = _(
            "Datoen skal ligge i klassens skoleår, %(first)s til %(last)s."
        ) % {"first": f"{first:%d.%m.%Y}", "last": f"{last:%d.%m.%Y}"}
    elif activity_date > timezone.localdate():
        errors["activity_date"] = _(
            "Datoen ligger efter i dag: registrér aktiviteten, når den er holdt."
        )
    if errors:
        raise ValidationError(errors)
    class_activity = ClassActivity(
        municipality=school_class.municipality,
        school_class=school_class,
        topic=" ".join(topic.split()),
        activity_date=activity_date,
        hours=hours,
        stage=stage,
        goal=goal,
        partner=partner,
        created_by=acting_user,
    )
    class_activity.full_clean()
    class_activity.save()
    pupils = list(school_class.pupils.all())
    Activity.objects.bulk_create(
        [
            Activity(
                municipality=class_activity.municipality,
                young_person=pupil,
                kind=ActivityKind.CLASS_ACTIVITY,
                title=class_activity.topic,
                partner=partner,
                start_date=activity_date,
                end_date=activity_date,
                status=Activity.Status.COMPLETED,
                stage=stage,
                goal=goal,
                class_activity=class_activity,
                source_key=f"class-activity:{class_activity.uuid}:{pupil.uuid}",
            )
            for pupil in pupils
        ]
    )
    audit_record(
        actor=acting_user,
        action=CLASS_ACTIVITY_RECORD,
        obj=class_activity,
        changes={
            **snapshot(class_activity, ("topic", "activity_date", "hours", "stage", "goal")),
            "pupils": len(pupils),
        },
    )
    return class_activity


@transaction.atomic
def career_setting_change(
    *, municipality: Any, yearly_target_hours: int, acting_user: User
) -> CareerLearningSetting:
    if not can_change_career_setting(acting_user, municipality):
        raise PermissionDenied
    setting, _created = CareerLearningSetting.objects.get_or_create(municipality=municipality)
    before = snapshot(setting, ("yearly_target_hours",))
    setting.yearly_target_hours = yearly_target_hours
    setting.full_clean()
    setting.save()
    audit_record(
        actor=acting_user,
        action=CAREER_SETTING_CHANGE,
        obj=setting,
        changes=changed(before, snapshot(setting, ("yearly_target_hours",))),
    )
    return setting


# The shared plan. Wishes, statements and steps are added, never written over, so the plan
# shows its own history; each change moves the plan's revision, so a guardian's co-signature
# always names the version it signed.


def _plan_of(young_person: Any) -> Plan:
    """The young person's plan (made the first time anything is written in it)."""
    plan, _created = Plan.objects.get_or_create(
        young_person=young_person, defaults={"municipality": young_person.municipality}
    )
    return plan


def _revise(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(revision=models.F("revision") + 1)
    plan.refresh_from_db(fields=["revision", "updated_at"])


@transaction.atomic
def plan_wish_add(*, young_person: Any, kind: str, text: str, acting_user: User) -> PlanWish:
    """The young person writes an education or job wish; it is dated today."""
    if not can_write_plan(acting_user, young_person):
        raise PermissionDenied
    plan = _plan_of(young_person)
    wish = PlanWish(
        municipality=plan.municipality,
        plan=plan,
        kind=kind,
        text=" ".join(text.split()),
        wish_date=timezone.localdate(),
    )
    wish.full_clean(exclude=["plan"])
    wish.save()
    _revise(plan)
    audit_record(
        actor=acting_user,
        action=PLAN_WISH_ADD,
        obj=plan,
        changes={"kind": kind, "v": plan.revision},
    )
    return wish


@transaction.atomic
def destination_statement_set(
    *, young_person: Any, text: str, acting_user: User
) -> DestinationStatement:
    """The young person states their clarified education or job wish, dated today; an earlier
    statement stays in the history."""
    if not can_write_plan(acting_user, young_person):
        raise PermissionDenied
    plan = _plan_of(young_person)
    statement = DestinationStatement(
        municipality=plan.municipality,
        plan=plan,
        text=" ".join(text.split()),
        statement_date=timezone.localdate(),
    )
    statement.full_clean(exclude=["plan"])
    statement.save()
    _revise(plan)
    # Destinations, a layer above, judges a pupil's statement as a clarified choice.
    destination_statement_made.send(
        sender=DestinationStatement, statement=statement, acting_user=acting_user
    )
    audit_record(
        actor=acting_user, action=PLAN_STATEMENT_SET, obj=plan, changes={"v": plan.revision}
    )
    return statement


PLAN_STEP_HORIZON_DAYS = 3 * 366


@transaction.atomic
def plan_step_add(
    *, young_person: Any, text: str, responsible: Any, due_date: date, acting_user: User
) -> PlanStep:
    """A next step with the professional responsible for it and the date it is due by."""
    from .selectors import plan_professionals_for

    if not can_add_plan_step(acting_user, young_person):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if (
        responsible is None
        or not plan_professionals_for(young_person=young_person).filter(pk=responsible.pk).exists()
    ):
        errors["responsible"] = _("Vælg en af de fagpersoner, der følger den unge.")
    today = timezone.localdate()
    if due_date < today:
        errors["due_date"] = _("Datoen ligger før i dag.")
    elif (due_date - today).days > PLAN_STEP_HORIZON_DAYS:
        errors["due_date"] = _("Datoen må højst ligge tre år frem.")
    if errors:
        raise ValidationError(errors)
    plan = _plan_of(young_person)
    step = PlanStep(
        municipality=plan.municipality,
        plan=plan,
        text=" ".join(text.split()),
        responsible=responsible,
        due_date=due_date,
        created_by=acting_user,
    )
    step.full_clean(exclude=["plan"])
    step.save()
    _revise(plan)
    audit_record(
        actor=acting_user,
        action=PLAN_STEP_ADD,
        obj=plan,
        changes={**snapshot(step, ("responsible", "due_date")), "v": plan.revision},
    )
    return step


@transaction.atomic
def plan_step_complete(*, step: PlanStep, acting_user: User) -> PlanStep:
    if not can_complete_plan_step(acting_user, step):
        raise PermissionDenied
    step.done_date = timezone.localdate()
    step.save(update_fields=["done_date", "updated_at"])
    plan = step.plan
    _revise(plan)
    audit_record(
        actor=acting_user,
        action=PLAN_STEP_COMPLETE,
        obj=plan,
        changes={"step": str(step.uuid), "v": plan.revision},
    )
    return step


@transaction.atomic
def plan_comment_add(*, young_person: Any, text: str, acting_user: User) -> PlanComment:
    if not can_comment_on_plan(acting_user, young_person):
        raise PermissionDenied
    plan = _plan_of(young_person)
    comment = PlanComment(
        municipality=plan.municipality, plan=plan, author=acting_user, text=text.strip()
    )
    comment.full_clean(exclude=["plan"])
    comment.save()
    audit_record(actor=acting_user, action=PLAN_COMMENT, obj=plan)
    return comment


@transaction.atomic
def plan_cosign(*, young_person: Any, acting_user: User) -> PlanSignature:
    """A guardian co-signs the minor's plan as it stands now. Signing the same version twice
    is refused; a later change to the plan asks for a new signature."""
    if not can_cosign_plan(acting_user, young_person):
        raise PermissionDenied
    plan = Plan.objects.select_for_update().filter(young_person=young_person).first()
    if plan is None or plan.revision == 0:
        raise ValidationError(_("Planen er tom: der er intet at underskrive endnu."))
    if PlanSignature.objects.filter(
        plan=plan, signed_by=acting_user, revision=plan.revision
    ).exists():
        raise ValidationError(_("Du har allerede underskrevet planen, som den er nu."))
    signature = PlanSignature.objects.create(
        municipality=plan.municipality,
        plan=plan,
        signed_by=acting_user,
        revision=plan.revision,
        signed_at=timezone.now(),
    )
    audit_record(actor=acting_user, action=PLAN_COSIGN, obj=plan, changes={"v": plan.revision})
    return signature


# Transition to adulthood (Ungekoordinering).


@transaction.atomic
def transition_record(*, young_person: Any, reason: str, acting_user: User) -> TransitionPlan:
    """A professional records that the young person on the support track is expected to need
    municipal support after 18: the plan then holds coordination meetings from 16."""
    if not can_manage_transition(acting_user, young_person):
        raise PermissionDenied
    if young_person.age >= 18:
        raise ValidationError(_("Den unge er fyldt 18: ungekoordineringen skal være begyndt før."))
    plan = _plan_of(young_person)
    transition, _created = TransitionPlan.objects.update_or_create(
        plan=plan,
        defaults={
            "municipality": plan.municipality,
            "expected_date": timezone.localdate(),
            "reason": reason.strip(),
            "recorded_by": acting_user,
        },
    )
    transition.full_clean(exclude=["plan"])
    audit_record(actor=acting_user, action=TRANSITION_RECORD, obj=transition)
    return transition


@transaction.atomic
def coordination_meeting_add(
    *,
    young_person: Any,
    meeting_date: date,
    participants: str,
    summary: str = "",
    acting_user: User,
) -> CoordinationMeeting:
    """A coordination meeting, held from the young person's 16th birthday on."""
    if not can_manage_transition(acting_user, young_person):
        raise PermissionDenied
    transition = TransitionPlan.objects.filter(plan__young_person=young_person).first()
    if transition is None:
        raise ValidationError(
            _("Vurdér først, at den unge forventes at få brug for støtte efter 18.")
        )
    if young_person.age_on(meeting_date) < TRANSITION_MIN_AGE:
        raise ValidationError(
            {
                "meeting_date": _(
                    "Den unge er %(age)d år på datoen: koordineringsmøder holdes fra %(min)d år."
                )
                % {"age": young_person.age_on(meeting_date), "min": TRANSITION_MIN_AGE}
            }
        )
    if meeting_date > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"meeting_date": _("Datoen må højst ligge et år frem.")})
    meeting = CoordinationMeeting(
        municipality=transition.municipality,
        transition=transition,
        meeting_date=meeting_date,
        participants=participants.strip(),
        summary=summary.strip(),
        created_by=acting_user,
    )
    meeting.full_clean(exclude=["transition"])
    meeting.save()
    audit_record(
        actor=acting_user,
        action=MEETING_ADD,
        obj=meeting,
        changes=snapshot(meeting, ("meeting_date",)),
    )
    return meeting


@transaction.atomic
def coordination_action_add(
    *, meeting: CoordinationMeeting, text: str, responsible: str, due_date: date, acting_user: User
) -> CoordinationAction:
    """An action agreed at the meeting, with who is responsible and the date it is due by."""
    young_person = meeting.transition.plan.young_person
    if not can_manage_transition(acting_user, young_person):
        raise PermissionDenied
    if due_date < meeting.meeting_date:
        raise ValidationError({"due_date": _("Fristen ligger før mødet.")})
    action = CoordinationAction(
        municipality=meeting.municipality,
        meeting=meeting,
        text=" ".join(text.split()),
        responsible=" ".join(responsible.split()),
        due_date=due_date,
    )
    action.full_clean(exclude=["meeting"])
    action.save()
    audit_record(
        actor=acting_user,
        action=ACTION_ADD,
        obj=action,
        changes=snapshot(action, ("due_date", "responsible")),
    )
    return action


@transaction.atomic
def coordination_action_complete(
    *, action: CoordinationAction, acting_user: User
) -> CoordinationAction:
    young_person = action.meeting.transition.plan.young_person
    if not can_manage_transition(acting_user, young_person) or action.done_date:
        raise PermissionDenied
    action.done_date = timezone.localdate()
    action.save(update_fields=["done_date", "updated_at"])
    audit_record(actor=acting_user, action=ACTION_COMPLETE, obj=action)
    return action
