from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
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
    CareerSettingForm,
    ClassActivityForm,
    CommentForm,
    OwnActivityForm,
    ReflectionForm,
)
from .models import CareerLearningSetting
from .permissions import (
    CAREER_PROGRESS_READERS,
    can_comment_on_activity,
    can_create_activity,
    can_record_class_activity,
    can_reflect_on_activity,
    get_activity_for_user_or_404,
    get_class_for_user_or_404,
)
from .selectors import (
    career_progress_for,
    career_target_hours,
    class_activities_of,
    coverage_of,
    record_activities_for,
)
from .services import (
    activity_comment_add,
    activity_create,
    activity_reflect,
    career_setting_change,
    class_activity_record,
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


@role_required(*READERS)
def record(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """The timeline of one young person from 0. klasse on, with what it covers at a glance."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Visning af den unges forløb")
    )
    activities = list(record_activities_for(user=request.user, young_person=person))
    return render(
        request,
        "plans/record.html",
        {
            "person": person,
            "activities": activities,
            "coverage": coverage_of(activities),
            "is_self": can_create_activity(request.user, person),
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
