from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ungegaranti.core.assurance import substantial_required
from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.permissions import policy_required, role_required
from ungegaranti.core.retention import can_manage_retention, legal_hold_place, legal_holds_on
from ungegaranti.core.roles import STAFF_ROLES, Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.partners.selectors import partners_public
from ungegaranti.people.permissions import can_see_support_flag, get_young_person_for_user_or_404

from .forms import (
    ActionForm,
    CareerSettingForm,
    ClassActivityForm,
    CommentForm,
    MeetingForm,
    OwnActivityForm,
    PlanCommentForm,
    ReflectionForm,
    StatementForm,
    StepForm,
    TransitionForm,
    WishForm,
)
from .models import (
    Activity,
    CareerLearningSetting,
    CoordinationAction,
    CoordinationMeeting,
    PlanStep,
    TransitionPlan,
)
from .permissions import (
    CAREER_PROGRESS_READERS,
    PLAN_READERS,
    can_add_plan_step,
    can_comment_on_activity,
    can_comment_on_plan,
    can_complete_plan_step,
    can_cosign_plan,
    can_create_activity,
    can_manage_transition,
    can_record_class_activity,
    can_reflect_on_activity,
    can_view_plan,
    can_view_transition,
    can_write_plan,
    get_activity_for_user_or_404,
    get_class_for_user_or_404,
)
from .selectors import (
    career_progress_for,
    career_target_hours,
    class_activities_of,
    coverage_of,
    plan_professionals_for,
    plan_view_of,
    record_activities_for,
    record_coverage,
    timeline_rows,
    transition_of,
)
from .services import (
    activity_comment_add,
    activity_create,
    activity_reflect,
    career_setting_change,
    class_activity_record,
    coordination_action_add,
    coordination_action_complete,
    coordination_meeting_add,
    destination_statement_set,
    plan_comment_add,
    plan_cosign,
    plan_step_add,
    plan_step_complete,
    plan_wish_add,
    transition_record,
)

READERS = (*(Role(r) for r in STAFF_ROLES), Role.YOUNG_PERSON, Role.GUARDIAN)


def _form_errors(form, exc: ValidationError) -> None:  # type: ignore[no-untyped-def]
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@role_required(Role.YOUNG_PERSON)
def my_record(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user.young_person
    if person is None:
        raise Http404
    return redirect("plans:record", uuid=person.uuid)


TIMELINE_PAGE_SIZE = 50


@role_required(*READERS)
def record(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """The timeline of one young person from 0. klasse on, with what it covers at a glance."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Visning af den unges forløb")
    )
    activities = record_activities_for(user=request.user, young_person=person).order_by(
        "-start_date", "-created_at", "-id"
    )
    # The newest activities first, a page at a time; the coverage counts the whole record.
    page = Paginator(activities, TIMELINE_PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "plans/record.html",
        {
            "person": person,
            "page": page,
            "rows": timeline_rows(list(page.object_list)),
            "coverage": record_coverage(activities),
            "is_self": can_create_activity(request.user, person),
            "may_view_plan": can_view_plan(request.user, person),
        },
    )


@role_required(*READERS)
def activity_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """One activity: the young person writes before/during/after; staff in scope comment."""
    activity = get_activity_for_user_or_404(request=request, uuid=uuid)
    may_reflect = can_reflect_on_activity(request.user, activity)
    may_comment = can_comment_on_activity(request.user, activity)
    reflection_form = ReflectionForm.for_activity(activity) if may_reflect else None
    comment_form = CommentForm() if may_comment else None
    if request.method == "POST":
        if "reflect" in request.POST and may_reflect:
            reflection_form = ReflectionForm.for_activity(activity, request.POST)
            if reflection_form.is_valid():
                try:
                    activity_reflect(
                        activity=activity, **reflection_form.cleaned_data, acting_user=request.user
                    )
                except ValidationError as exc:
                    _form_errors(reflection_form, exc)
                else:
                    messages.success(request, _("Din refleksion er gemt."))
                    return redirect("plans:activity_detail", uuid=activity.uuid)
        elif "comment" in request.POST and may_comment:
            comment_form = CommentForm(request.POST)
            if comment_form.is_valid():
                try:
                    activity_comment_add(
                        activity=activity,
                        text=comment_form.cleaned_data["text"],
                        acting_user=request.user,
                    )
                except ValidationError as exc:
                    _form_errors(comment_form, exc)
                else:
                    messages.success(request, _("Din kommentar er gemt."))
                    return redirect("plans:activity_detail", uuid=activity.uuid)
        else:
            return HttpResponse(status=403)
    return render(
        request,
        "plans/activity_detail.html",
        {
            "activity": activity,
            "person": activity.young_person,
            "comments": activity.comments.select_related("author"),
            "reflection_form": reflection_form,
            "comment_form": comment_form,
        },
    )


@role_required(Role.YOUNG_PERSON)
def activity_new(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """The young person adds an activity of their own to the record."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Ny aktivitet i den unges forløb")
    )
    form = OwnActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_create(
                young_person=person, **form.cleaned_data, acting_user=request.user
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Aktiviteten er føjet til dit forløb."))
            return redirect("plans:activity_detail", uuid=activity.uuid)
    return render(request, "plans/activity_new.html", {"person": person, "form": form})


@role_required(*CAREER_PROGRESS_READERS)
def career_progress(request: AuthenticatedRequest) -> HttpResponse:
    """Uddannelse & Job hours per class, school and district against the yearly target."""
    today = timezone.localdate()
    current = school_year_of(today)
    try:
        school_year = int(request.GET.get("skoleaar", current))
    except ValueError:
        school_year = current
    if not current - 5 <= school_year <= current:
        school_year = current
    districts = career_progress_for(user=request.user, school_year=school_year, today=today)
    return render(
        request,
        "plans/career_progress.html",
        {
            "districts": districts,
            "school_year": school_year,
            "school_years": list(range(current, current - 6, -1)),
            "target": career_target_hours(municipality_id=request.user.municipality_id or 0),
            "expected": districts[0].expected if districts else None,
        },
    )


@role_required(*CAREER_PROGRESS_READERS)
def class_activities(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """One class's Uddannelse & Job activities; a teacher records a new one here."""
    school_class = get_class_for_user_or_404(user=request.user, uuid=uuid)
    may_record = can_record_class_activity(request.user, school_class)
    partners = partners_public(municipality=request.user.municipality)
    form = None
    if may_record:
        form = ClassActivityForm(request.POST or None, partners=partners)
        if request.method == "POST" and form.is_valid():
            try:
                class_activity_record(
                    school_class=school_class, **form.cleaned_data, acting_user=request.user
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Aktiviteten er registreret og står nu i forløbet hos klassens elever."),
                )
                return redirect("plans:class_activities", uuid=school_class.uuid)
    elif request.method == "POST":
        return HttpResponse(status=403)
    activities = list(class_activities_of(school_class=school_class))
    hours = sum((a.hours for a in activities), start=0)
    target = career_target_hours(municipality_id=request.user.municipality_id or 0)
    return render(
        request,
        "plans/class_activities.html",
        {
            "school_class": school_class,
            "activities": activities,
            "hours": hours,
            "target": target,
            "percent": min(100, int(100 * hours / target)) if target else 0,
            "form": form,
            "pupil_count": school_class.pupils.count(),
        },
    )


@role_required(Role.SECRETARIAT)
def career_setting(request: AuthenticatedRequest) -> HttpResponse:
    """The municipality's yearly Uddannelse & Job target per grade."""
    municipality = request.user.municipality
    setting = CareerLearningSetting.objects.filter(municipality=municipality).first()
    form = CareerSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        career_setting_change(
            municipality=municipality,
            yearly_target_hours=form.cleaned_data["yearly_target_hours"],
            acting_user=request.user,
        )
        messages.success(request, _("Målet er gemt."))
        return redirect("plans:career_progress")
    return render(request, "plans/career_setting.html", {"form": form})


@role_required(*(Role(r) for r in STAFF_ROLES), Role.YOUNG_PERSON, Role.GUARDIAN)
@substantial_required
def young_person_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """A young person's data and guardians (people), with the way to their record. It lives
    here, above people, because it leads on to the record."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Visning af den unges profil")
    )
    guardians = person.guardians.all() if person.age < 18 else []
    may_hold = can_manage_retention(request.user)
    return render(
        request,
        "plans/young_person_detail.html",
        {
            "person": person,
            "guardians": guardians,
            "show_support": can_see_support_flag(request.user),
            "holds": legal_holds_on(obj=person) if may_hold else None,
            "may_hold": may_hold,
            "may_view_plan": can_view_plan(request.user, person),
        },
    )


@require_POST
@policy_required(can_manage_retention)
def young_person_hold(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """A legal hold keeps the young person's record past the retention rules (a complaint, a
    case at court) until the secretariat releases it on the retention page."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Retligt tilbagehold")
    )
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Skriv begrundelsen for tilbageholdet."))
    else:
        legal_hold_place(obj=person, reason=reason[:300], acting_user=request.user)
        messages.success(request, _("Den unges oplysninger holdes tilbage, til det ophæves."))
    return redirect("plans:young_person_detail", uuid=person.uuid)


@role_required(Role.YOUNG_PERSON)
def my_plan(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user.young_person
    if person is None:
        raise Http404
    return redirect("plans:plan", uuid=person.uuid)


def _plan_person(request: AuthenticatedRequest, uuid: str, purpose: str):  # type: ignore[no-untyped-def]
    person = get_young_person_for_user_or_404(request=request, uuid=uuid, purpose=purpose)
    if not can_view_plan(request.user, person):
        raise Http404
    return person


@role_required(*PLAN_READERS)
def plan(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """The shared plan: wishes over time, the destination statement, next steps with who is
    responsible and by when, the professionals' comments and a guardian's co-signature."""
    person = _plan_person(request, uuid, _("Visning af den unges plan"))
    user = request.user
    may_write = can_write_plan(user, person)
    may_step = can_add_plan_step(user, person)
    may_comment = can_comment_on_plan(user, person)
    may_cosign = can_cosign_plan(user, person)
    professionals = plan_professionals_for(young_person=person)
    data = request.POST if request.method == "POST" else None
    forms = {
        "wish_form": WishForm(data if data and "wish" in data else None, prefix="wish")
        if may_write
        else None,
        "statement_form": StatementForm(
            data if data and "statement" in data else None, prefix="statement"
        )
        if may_write
        else None,
        "step_form": StepForm(
            data if data and "step" in data else None, prefix="step", professionals=professionals
        )
        if may_step
        else None,
        "comment_form": PlanCommentForm(
            data if data and "comment" in data else None, prefix="comment"
        )
        if may_comment
        else None,
    }
    if request.method == "POST":
        done = _plan_post(request, person, forms, may_cosign)
        if done is not None:
            return done
    view = plan_view_of(young_person=person)
    return render(
        request,
        "plans/plan.html",
        {
            "person": person,
            "view": view,
            "is_self": may_write,
            "may_cosign": may_cosign,
            "today": timezone.localdate(),
            "show_transition": can_manage_transition(user, person)
            or (
                can_view_transition(user, person)
                and TransitionPlan.objects.filter(plan__young_person=person).exists()
            ),
            "already_signed": any(s.signed_by_id == user.pk for s in view.current_signatures),
            "may_complete": {s.pk for s in view.open_steps if can_complete_plan_step(user, s)},
            **forms,
        },
    )


_PLAN_ACTIONS: dict[str, tuple[str, Callable[..., Any], Any]] = {
    "wish": ("wish_form", plan_wish_add, _("Dit ønske er skrevet i planen.")),
    "statement": (
        "statement_form",
        destination_statement_set,
        _("Din destinationserklæring er gemt med dagens dato."),
    ),
    "step": ("step_form", plan_step_add, _("Næste skridt er skrevet i planen.")),
    "comment": ("comment_form", plan_comment_add, _("Din kommentar er gemt.")),
}


def _plan_post(request: AuthenticatedRequest, person, forms, may_cosign):  # type: ignore[no-untyped-def]
    back = redirect("plans:plan", uuid=person.uuid)
    for action, (form_name, service, success) in _PLAN_ACTIONS.items():
        if action not in request.POST:
            continue
        form = forms[form_name]
        if form is None:
            return HttpResponse(status=403)
        if not form.is_valid():
            return None
        try:
            service(young_person=person, **form.cleaned_data, acting_user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
            return None
        messages.success(request, success)
        return back
    if "step_done" in request.POST:
        step = (
            PlanStep.objects.filter(plan__young_person=person, uuid=request.POST["step_done"])
            .select_related("plan__young_person")
            .first()
            if _is_uuid(request.POST["step_done"])
            else None
        )
        if step is None or not can_complete_plan_step(request.user, step):
            return HttpResponse(status=403)
        plan_step_complete(step=step, acting_user=request.user)
        messages.success(request, _("Skridtet er markeret som udført."))
        return back
    if "cosign" in request.POST:
        if not may_cosign:
            return HttpResponse(status=403)
        try:
            plan_cosign(young_person=person, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Du har underskrevet planen, som den er nu."))
        return back
    return HttpResponse(status=403)


def _is_uuid(value: str) -> bool:
    import uuid as uuid_module

    try:
        uuid_module.UUID(value)
    except ValueError:
        return False
    return True


@role_required(*PLAN_READERS)
def plan_pdf(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """ "Min plan" as a PDF to print, keep or bring to a meeting."""
    from weasyprint import HTML

    person = _plan_person(request, uuid, _("Udskrift af den unges plan"))
    html = render_to_string(
        "plans/plan_pdf.html",
        {
            "person": person,
            "view": plan_view_of(young_person=person),
            "coverage": coverage_of(
                Activity.objects.filter(young_person=person).only("stage", "goal", "status")
            ),
            "printed": timezone.now(),
        },
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="min-plan.pdf"'
    return response


@role_required(*PLAN_READERS)
def transition(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """Transition to adulthood (Ungekoordinering): coordination meetings from 16 with the
    actions agreed, who is responsible and by when."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Visning af den unges ungekoordinering")
    )
    if not can_view_transition(request.user, person):
        raise Http404
    may_manage = can_manage_transition(request.user, person)
    data = request.POST if request.method == "POST" else None
    transition_form = TransitionForm(data if data and "transition" in data else None)
    meeting_form = MeetingForm(data if data and "meeting" in data else None, prefix="meeting")
    posted_meeting = data.get("action", "") if data else ""
    action_form = ActionForm(data if posted_meeting else None, prefix=f"action-{posted_meeting}")
    if request.method == "POST":
        if not may_manage:
            return HttpResponse(status=403)
        done = _transition_post(request, person, transition_form, meeting_form, action_form)
        if done is not None:
            return done
    current = transition_of(young_person=person)
    for meeting in current.meeting_list if current else []:
        key = str(meeting.uuid)
        meeting.action_form = (
            action_form if key == posted_meeting else ActionForm(prefix=f"action-{key}")
        )
    return render(
        request,
        "plans/transition.html",
        {
            "person": person,
            "transition": current,
            "may_manage": may_manage,
            "is_self": can_write_plan(request.user, person),
            "transition_form": transition_form,
            "meeting_form": meeting_form,
            "today": timezone.localdate(),
        },
    )


def _transition_post(request, person, transition_form, meeting_form, action_form):  # type: ignore[no-untyped-def]
    back = redirect("plans:transition", uuid=person.uuid)
    user = request.user
    try:
        if "transition" in request.POST:
            if not transition_form.is_valid():
                return None
            transition_record(young_person=person, **transition_form.cleaned_data, acting_user=user)
            messages.success(request, _("Vurderingen er gemt."))
        elif "meeting" in request.POST:
            if not meeting_form.is_valid():
                return None
            coordination_meeting_add(
                young_person=person, **meeting_form.cleaned_data, acting_user=user
            )
            messages.success(request, _("Mødet er skrevet i planen."))
        elif "action" in request.POST:
            meeting = _owned(CoordinationMeeting, person, request.POST["action"], "transition")
            if meeting is None:
                return HttpResponse(status=403)
            if not action_form.is_valid():
                return None
            coordination_action_add(meeting=meeting, **action_form.cleaned_data, acting_user=user)
            messages.success(request, _("Handlingen er skrevet på mødet."))
        elif "action_done" in request.POST:
            action = _owned(
                CoordinationAction, person, request.POST["action_done"], "meeting__transition"
            )
            if action is None or action.done_date:
                return HttpResponse(status=403)
            coordination_action_complete(action=action, acting_user=user)
            messages.success(request, _("Handlingen er markeret som udført."))
        else:
            return HttpResponse(status=403)
    except ValidationError as exc:
        form = {"transition": transition_form, "meeting": meeting_form, "action": action_form}
        target = next((f for key, f in form.items() if key in request.POST), None)
        if target is None:
            messages.error(request, " ".join(exc.messages))
            return back
        _form_errors(target, exc)
        return None
    return back


def _owned(model, person, value: str, path: str):  # type: ignore[no-untyped-def]
    """A meeting or an action of this young person's transition, by its public id."""
    if not _is_uuid(value):
        return None
    return (
        model.objects.filter(uuid=value, **{f"{path}__plan__young_person": person})
        .select_related(f"{path}__plan__young_person")
        .first()
    )
