from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from ungegaranti.core.models import AuditEvent, User
from ungegaranti.core.roles import Role
from ungegaranti.demo.plans import demo_plans_build
from ungegaranti.demo.records import demo_records_build
from ungegaranti.demo.testing import born_aged
from ungegaranti.destinations.models import DestinationStatus, SelfReportInvitation, Status
from ungegaranti.destinations.services import status_record
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.services import young_person_upsert
from ungegaranti.plans.models import (
    CoordinationAction,
    CoordinationMeeting,
    Plan,
    PlanSignature,
    PlanStep,
    TransitionPlan,
)
from ungegaranti.plans.selectors import plan_professionals_for


def _person(world, years, serial, first, **kwargs):
    person, _ = young_person_upsert(
        municipality=world.municipality,
        acting_user=None,
        cpr=synthetic_cpr(born_aged(years, days_past_birthday=200), serial, male=False),
        first_name=first,
        last_name="Demo",
        postal_code="9800",
        **kwargs,
    )
    return person


def test_demo_plans_transitions_and_self_reports_through_the_services(world, settings):
    # Out of school: a 16-year-old on the support track and a 17-year-old nobody knows about.
    support = _person(world, 16, 11, "Sara", support_track=True)
    unknown = _person(world, 17, 12, "Ulla")
    demo_records_build(municipality=world.municipality, seed=860)
    status_record(
        young_person=unknown,
        status=Status.UNKNOWN,
        status_date=timezone.localdate(),
        acting_user=world.users[Role.GUIDANCE_COUNSELLOR],
    )
    import ungegaranti.demo.plans as demo

    settings.DEMO_DATA_ALLOWED = True
    names = ["PUPIL_SHARE", "OTHER_SCHOOLS_SHARE", "OUT_OF_SCHOOL_SHARE", "COSIGN_SHARE"]
    shares = {name: getattr(demo, name) for name in [*names, "TRANSITION_SHARE"]}
    for name in shares:  # everyone in the small world, to check each part
        setattr(demo, name, 1)
    try:
        result = demo_plans_build(municipality=world.municipality, seed=860)
    finally:
        for name, share in shares.items():
            setattr(demo, name, share)
    # Both 8th-graders and the two out of school have a plan, written by themselves.
    plans = Plan.objects.filter(municipality=world.municipality)
    assert result.plans == plans.count() == 4
    for plan in plans.select_related("young_person"):
        login = User.objects.get(young_person=plan.young_person, role=Role.YOUNG_PERSON)
        assert plan.wishes.exists() and plan.revision >= plan.wishes.count()
        assert AuditEvent.objects.filter(actor=login, action="plans.plan.wish_add").exists()
    # The 17-year-old's wish moved over the year: an earlier wish stays in the history.
    assert Plan.objects.get(young_person=unknown).wishes.count() >= 2
    # Each next step's responsible professional follows the young person.
    steps = PlanStep.objects.filter(plan__municipality=world.municipality)
    assert steps.count() == result.steps > 0
    for step in steps.select_related("plan__young_person"):
        assert plan_professionals_for(young_person=step.plan.young_person).filter(
            pk=step.responsible_id
        )
    # Asta's guardian co-signed the revision of her plan as it stands.
    signature = PlanSignature.objects.get(plan__young_person=world.pupil_a)
    assert signature.signed_by == world.users[Role.GUARDIAN]
    assert signature.revision == signature.plan.revision
    # Sara (16, support track) is in Ungekoordinering, with meetings from her 16th birthday.
    transition = TransitionPlan.objects.get(plan__young_person=support)
    assert result.transitions == 1  # Asta is on the support track but 14
    meetings = CoordinationMeeting.objects.filter(transition=transition)
    assert meetings.count() == result.meetings >= 1
    assert all(support.age_on(m.meeting_date) >= 16 for m in meetings)
    assert CoordinationAction.objects.filter(meeting__in=meetings).count() == 2 * meetings.count()
    # Ulla's status is unknown: she was sent a self-report link (answered or not).
    invitation = SelfReportInvitation.objects.get(young_person=unknown)
    assert result.self_reports >= 1
    if invitation.answered_at:
        assert DestinationStatus.objects.filter(
            young_person=unknown, source=DestinationStatus.Source.SELF_REPORT
        ).exists()
    # Same seed, same choices; a loaded part is left alone.
    out = StringIO()
    call_command("demo_plans", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()
