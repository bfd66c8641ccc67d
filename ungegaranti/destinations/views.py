from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ungegaranti.core.csvimport import import_page, template_response
from ungegaranti.core.http import AuthenticatedRequest, Request
from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.permissions import role_required
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record
from ungegaranti.people.models import SchoolDistrict
from ungegaranti.people.permissions import get_young_person_for_user_or_404
from ungegaranti.people.selectors import young_people_visible_to

from .definitions import READY_BY_KEY, READY_DEFINITIONS
from .forms import (
    ContactForm,
    DefinitionForm,
    SelfReportForm,
    SelfReportSendForm,
    StatusForm,
    WorklistFilterForm,
)
from .imports import STATUS_CODES, StatusImporter
from .models import DestinationStatus, Status
from .permissions import FOLLOW_UP_ROLES
from .selectors import (
    WorklistFilters,
    contacts_of,
    definition_in_force,
    definitions_of,
    guidance_counsellors_of,
    self_report_rates,
    self_report_reach,
    status_history_of,
    worklist_for,
)
from .services import (
    contact_log,
    definition_create,
    follow_ups_assign,
    self_report_answer,
    self_report_invitation_for,
    self_report_send,
    self_reports_request,
    status_record,
)


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# What a row of the worklist shows: narrow rows, so that sorting the list is cheap however
# many young people the scope holds.
WORKLIST_COLUMNS = (
    "uuid",
    "first_name",
    "last_name",
    "birth_date",
    "follow_up__current_status",
    "follow_up__status_source",
    "follow_up__left_education_date",
    "follow_up__next_contact_date",
    "follow_up__counsellor__first_name",
    "follow_up__counsellor__last_name",
    "follow_up__counsellor__username",
)


def _filters_of(
    data: Any, user: Any, counsellors: list[Any]
) -> tuple[WorklistFilterForm, WorklistFilters]:
    """The worklist's filter form over `data` (the query string) and the filters it gives."""
    districts = SchoolDistrict.objects.filter(municipality_id=user.municipality_id or 0)
    form = WorklistFilterForm(data or None, districts=districts, counsellors=counsellors)
    filters = WorklistFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = WorklistFilters(
            age_band=data["alder"],
            district_id=data["distrikt"].pk if data["distrikt"] else None,
            status=data["status"],
            counsellor=data["vejleder"],
            overdue=data["overskredet"],
            left_education=data["forladt"],
        )
    return form, filters


@role_required(*FOLLOW_UP_ROLES)
def worklist(request: AuthenticatedRequest) -> HttpResponse:
    """The guidance counsellor's morning page: who needs follow-up, overdue contacts first."""
    user = request.user
    counsellors = list(guidance_counsellors_of(municipality_id=user.municipality_id or 0))
    if request.method == "POST":
        return _assign(request, counsellors)
    form, filters = _filters_of(request.GET, user, counsellors)
    today = timezone.localdate()
    rows = (
        worklist_for(user=user, filters=filters, today=today)
        .select_related(None)
        .select_related("follow_up__counsellor")
        .only(*WORKLIST_COLUMNS)
    )
    page = Paginator(rows, 50).get_page(request.GET.get("side"))
    labels = {value: str(label) for value, label in Status.choices}
    for person in page.object_list:  # one query: the page's rows
        follow = getattr(person, "follow_up", None)
        if follow is not None:
            follow.status_label = labels.get(follow.current_status, follow.current_status)
    access_log_record(
        user=user,
        action=AccessLogEntry.Action.SEARCH,
        purpose=_("Ungevejlederens arbejdsliste"),
        path=request.path,
    )
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "destinations/worklist.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "counsellors": counsellors,
            "query": query.urlencode(),
            "rates": self_report_rates(municipality_id=user.municipality_id or 0),
        },
    )


def _assign(request: AuthenticatedRequest, counsellors: list[Any]) -> HttpResponse:
    uuids = request.POST.getlist("unge")
    choice = request.POST.get("tildel", "")
    back = request.POST.get("tilbage", "")
    counsellor = next((c for c in counsellors if str(c.pk) == choice), None)
    if not uuids:
        messages.error(request, _("Vælg mindst én ung på listen."))
    elif choice != "none" and counsellor is None:
        messages.error(request, _("Vælg en ungevejleder at tildele."))
    else:
        people = list(young_people_visible_to(user=request.user).filter(uuid__in=uuids))
        try:
            count = follow_ups_assign(
                young_people=people, counsellor=counsellor, acting_user=request.user
            )
        except (PermissionDenied, ValidationError):
            messages.error(request, _("Tildelingen kunne ikke gennemføres; intet er ændret."))
        else:
            name = counsellor.get_full_name() or counsellor.username if counsellor else None
            if name:
                messages.success(
                    request, _("%(n)d unge er tildelt %(name)s.") % {"n": count, "name": name}
                )
            else:
                messages.success(request, _("%(n)d unge er nu uden ungevejleder.") % {"n": count})
    target = redirect("destinations:worklist")
    if back.startswith("?") or back == "":
        target["Location"] += back
    return target


@role_required(*FOLLOW_UP_ROLES)
def self_reports(request: AuthenticatedRequest) -> HttpResponse:
    """Send a self-report to everyone on the worklist (as filtered) whose status is unknown:
    the page says how many that is and how many have no e-mail address, and asks to confirm."""
    user = request.user
    counsellors = list(guidance_counsellors_of(municipality_id=user.municipality_id or 0))
    query = request.GET.copy()
    query.pop("side", None)
    _form, filters = _filters_of(query, user, counsellors)
    if request.method == "POST":
        try:
            job = self_reports_request(filters=filters, acting_user=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("core:job_status", uuid=job.uuid)
    reach = self_report_reach(user=user, filters=filters)
    access_log_record(
        user=user,
        action=AccessLogEntry.Action.SEARCH,
        purpose=_("Selvrapporter til unge med ukendt status"),
        path=request.path,
    )
    return render(
        request,
        "destinations/self_reports.html",
        {"reach": reach, "query": query.urlencode(), "filtered": bool(query)},
    )


@role_required(*FOLLOW_UP_ROLES)
def follow_up(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """One young person's follow-up: status history, contact log, a new contact, a new status."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Opfølgning på den unges destination")
    )
    status_form = StatusForm(initial={"status_date": timezone.localdate()})
    contact_form = ContactForm()
    send_form = SelfReportSendForm(initial={"email": person.email})
    if request.method == "POST" and "send_self_report" in request.POST:
        send_form = SelfReportSendForm(request.POST)
        if send_form.is_valid():
            try:
                self_report_send(
                    young_person=person,
                    email=send_form.cleaned_data["email"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                _form_errors(send_form, exc)
            else:
                messages.success(request, _("Selvrapporten er sendt."))
                return redirect("destinations:follow_up", uuid=person.uuid)
    elif request.method == "POST":
        if "status" in request.POST and "log_status" in request.POST:
            status_form = StatusForm(request.POST)
            if status_form.is_valid():
                try:
                    entry = status_record(
                        young_person=person,
                        **status_form.cleaned_data,
                        source=DestinationStatus.Source.COUNSELLOR,
                        acting_user=request.user,
                    )
                except ValidationError as exc:
                    _form_errors(status_form, exc)
                else:
                    if entry.is_positive:
                        messages.success(
                            request,
                            _(
                                "%(name)s er i en positiv destination fra %(day)s og er taget af "
                                "arbejdslisten."
                            )
                            % {"name": person.full_name, "day": f"{entry.status_date:%d.%m.%Y}"},
                        )
                    else:
                        messages.success(request, _("Status er registreret."))
                    return redirect("destinations:follow_up", uuid=person.uuid)
        elif "log_contact" in request.POST:
            contact_form = ContactForm(request.POST)
            if contact_form.is_valid():
                try:
                    contact_log(
                        young_person=person, **contact_form.cleaned_data, acting_user=request.user
                    )
                except ValidationError as exc:
                    _form_errors(contact_form, exc)
                else:
                    messages.success(request, _("Kontakten er skrevet i loggen."))
                    return redirect("destinations:follow_up", uuid=person.uuid)
    follow = getattr(person, "follow_up", None)
    return render(
        request,
        "destinations/follow_up.html",
        {
            "person": person,
            "follow": follow,
            "history": status_history_of(young_person=person),
            "contacts": contacts_of(young_person=person),
            "status_form": status_form,
            "contact_form": contact_form,
            "send_form": send_form,
            "invitations": person.self_report_invitations.all(),
            "definition": definition_in_force(
                municipality_id=person.municipality_id, day=timezone.localdate()
            ),
            "today": timezone.localdate(),
        },
    )


@role_required(*FOLLOW_UP_ROLES)
def definitions(request: AuthenticatedRequest) -> HttpResponse:
    """The municipality's definition of a positive destination, every version with its dates."""
    versions = list(definitions_of(municipality_id=request.user.municipality_id or 0))
    today = timezone.localdate()
    in_force = next((v for v in versions if v.effective_date <= today), None)
    return render(
        request,
        "destinations/definitions.html",
        {"versions": versions, "in_force": in_force, "ready": READY_DEFINITIONS},
    )


@role_required(Role.SECRETARIAT)
def definition_new(request: AuthenticatedRequest) -> HttpResponse:
    """A new version, starting from the one in force or from a ready definition."""
    municipality = request.user.municipality
    assert municipality is not None  # the secretariat always belongs to one
    start = request.GET.get("fra", "")
    ready = READY_BY_KEY.get(start)
    current = definition_in_force(municipality_id=municipality.pk, day=timezone.localdate())
    initial: dict[str, Any] = {"effective_date": timezone.localdate() + timedelta(days=1)}
    if ready:
        initial.update(
            name=str(ready.name),
            positive_statuses=list(ready.positive_statuses),
            description=str(ready.description),
        )
    elif current:
        initial.update(name=current.name, positive_statuses=current.positive_statuses)
    form = DefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            definition = definition_create(
                municipality=municipality, **form.cleaned_data, acting_user=request.user
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Version %(v)d er gemt og gælder fra %(day)s.")
                % {"v": definition.version, "day": f"{definition.effective_date:%d.%m.%Y}"},
            )
            return redirect("destinations:definitions")
    return render(
        request, "destinations/definition_new.html", {"form": form, "ready": READY_DEFINITIONS}
    )


@role_required(Role.SECRETARIAT)
def import_statuses(request: AuthenticatedRequest) -> HttpResponse:
    """Upload an extract of the youth database; it runs as a background job (docs/import.md)."""
    return import_page(
        request,
        importer_class=StatusImporter,
        kind="import_destination_statuses",
        template="destinations/import_statuses.html",
        context={"status_codes": STATUS_CODES},
    )


@role_required(Role.SECRETARIAT)
def import_template(request: AuthenticatedRequest) -> HttpResponse:
    return template_response(StatusImporter, "statusser-skabelon.csv")


def self_report(request: Request, token: str) -> HttpResponse:
    """The young person's self-report, through their personal link: no login, once."""
    invitation = self_report_invitation_for(token=token)
    if invitation is None:
        return render(request, "destinations/self_report.html", {"closed": True})
    form = SelfReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            self_report_answer(token=token, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return render(request, "destinations/self_report.html", {"answered": True})
    return render(
        request,
        "destinations/self_report.html",
        {
            "form": form,
            "municipality": invitation.young_person.municipality.name,
        },
    )
