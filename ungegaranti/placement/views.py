"""Pages of the work-experience rounds. Thin: parse, one service or selector, render."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ungegaranti.core.assurance import substantial_required
from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.models import AccessLogEntry, User
from ungegaranti.core.permissions import can_view_history, is_staff_role, role_required
from ungegaranti.core.roles import Role
from ungegaranti.core.selectors import audit_events_for
from ungegaranti.core.services import access_log_record
from ungegaranti.people.models import YoungPerson
from ungegaranti.people.selectors import classes_visible_to, young_people_visible_to

from . import agreements, attendance, campaigns, documents, own_places
from .forms import (
    IncidentForm,
    LockForm,
    OfferSeatsForm,
    OwnPlaceDecisionForm,
    OwnPlaceForm,
    PupilFilterForm,
    RoundForm,
    SeatOfferForm,
    WishForm,
)
from .models import Round
from .permissions import (
    CLASS_LIST_ROLES,
    MANAGER_ROLES,
    WISH_ROLES,
    agreement_party,
    can_answer_invitation,
    can_choose_round_district,
    can_manage_round,
    can_propose_own_place,
    can_remind_agreement,
    can_set_wishes,
    can_start_campaign,
    can_view_teacher_overview,
    get_agreement_for_user_or_404,
    get_campaign_for_user_or_404,
    get_class_for_user_or_404,
    get_own_place_for_user_or_404,
    get_own_place_target_or_404,
    get_partner_list_or_404,
    get_placement_for_attendance_or_404,
    get_published_round_or_404,
    get_round_for_user_or_404,
    get_round_pupil_for_user_or_404,
    get_run_for_user_or_404,
    get_wish_target_or_404,
    is_own_record,
    results_view_log,
)
from .selectors import (
    candidate_offers,
    class_round_blocks,
    partner_rounds,
    publish_preview,
    round_classes,
    round_demand,
    round_districts_for,
    round_offers_of,
    round_open_preview,
    round_overview,
    round_pupil_rows,
    round_pupils_filtered,
    round_run,
    round_shortfall,
    rounds_visible_to,
    run_rows,
    run_warnings,
    runs_current,
    towns_for,
    wish_offers,
    wishes_of,
    work_experience_items,
)
from .services import (
    lock_set,
    round_close,
    round_create,
    round_offers_set,
    round_open,
    round_publish,
    round_reopen,
    runs_create_enqueue,
    wishes_set,
)
from .wording import offer_name


def _errors(request: AuthenticatedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- the coordinator's pages --------------------------------------------------------------


@role_required(*MANAGER_ROLES)
def round_list(request: AuthenticatedRequest) -> HttpResponse:
    rounds = rounds_visible_to(user=request.user)
    return render(request, "placement/round_list.html", {"rounds": rounds})


@role_required(*MANAGER_ROLES)
def round_create_view(request: AuthenticatedRequest) -> HttpResponse:
    districts = (
        round_districts_for(user=request.user) if can_choose_round_district(request.user) else None
    )
    form = RoundForm(request.POST or None, districts=districts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = round_create(
                acting_user=request.user,
                name=data["name"],
                grades=data["grades"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                wish_deadline_date=data["wish_deadline_date"],
                max_fallback_km=data["max_fallback_km"],
                district=data.get("district"),
                seed=data["seed"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Runden er oprettet. Vælg nu tilbud og pladser."))
            return redirect("placement:round_offers", uuid=round.uuid)
    return render(request, "placement/round_form.html", {"form": form})


@role_required(*MANAGER_ROLES)
def round_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """The round: its next step first, then runs, demand and (long lists folded) details."""
    round = get_round_for_user_or_404(user=request.user, uuid=uuid)
    context = {
        "round": round,
        # the overview's fields, shallow (its querysets stay lazy)
        **vars(round_overview(round=round, user=request.user)),
        "history": audit_events_for(obj=round) if can_view_history(request.user, round) else None,
        "campaigns": list(round.campaigns.all()),
        "can_campaign": can_start_campaign(request.user, round),
        "own_places_waiting": round.own_places.filter(status="PROPOSED").count(),
        "agreements": agreements.round_agreements(round=round)
        if round.status == Round.Status.PUBLISHED
        else None,
        "days_to_start": (round.start_date - timezone.localdate()).days,
    }
    if context["agreements"]:
        context["agreements_incomplete"] = sum(
            1 for a in context["agreements"] if not a.is_complete
        )
    return render(request, "placement/round_detail.html", context)


@role_required(*MANAGER_ROLES)
def round_offers(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    round = get_round_for_user_or_404(user=request.user, uuid=uuid)
    current = {str(ro.offer.uuid): ro.seats for ro in round_offers_of(round=round)}
    candidates = candidate_offers(round=round)
    # an offer whose period is full cannot take part, unless it already does
    shown = [(o, p) for o, p in candidates if p.seats_left > 0 or str(o.uuid) in current]
    form = OfferSeatsForm(
        request.POST or None,
        candidates=shown,
        current=current,
        towns=towns_for(postal_codes={o.postal_code for o, _p in shown}),
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_offers_set(round=round, seats=form.seats(), acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Rundens tilbud og pladser er gemt."))
            return redirect(round)
    return render(
        request,
        "placement/round_offers.html",
        {
            "round": round,
            "form": form,
            "full": len(candidates) - len(shown),
        },
    )


def _confirmed(request: AuthenticatedRequest) -> bool:
    """Round actions that tell many people or end the wishes are posted twice: first to a page
    with their consequences, then with confirmed=yes (no JavaScript needed)."""
    return request.POST.get("confirmed") == "yes"


@require_POST
@role_required(*MANAGER_ROLES)
def round_status(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    round = get_round_for_user_or_404(user=request.user, uuid=uuid)
    action = request.POST.get("action")
    if action in ("open", "close") and not _confirmed(request):
        context: dict[str, Any] = {"round": round, "action": action}
        if action == "open":
            context["preview"] = round_open_preview(round=round)
        else:
            context["demand"] = round_demand(round=round)
            context["days_left"] = (round.wish_deadline_date - timezone.localdate()).days
        return render(request, "placement/round_confirm.html", context)
    try:
        if action == "open":
            round_open(round=round, acting_user=request.user)
            messages.success(request, _("Runden er åben for ønsker."))
        elif action == "close":
            round_close(round=round, acting_user=request.user)
            messages.success(request, _("Runden er lukket for ønsker. Nu kan den køres."))
        elif action == "reopen":
            round_reopen(round=round, acting_user=request.user)
            messages.success(request, _("Runden er åben for ønsker igen."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(round)


@require_POST
@role_required(*MANAGER_ROLES)
def run_create_view(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    round = get_round_for_user_or_404(user=request.user, uuid=uuid)
    if round.status != Round.Status.CLOSED:
        messages.error(request, _("Runden skal være lukket for ønsker, før fordelingen beregnes."))
        return redirect(round)
    # Solving takes seconds to minutes: the worker does it, the status page shows how far.
    job = runs_create_enqueue(round=round, acting_user=request.user)
    return redirect("core:job_status", uuid=job.uuid)


@require_POST
@role_required(*MANAGER_ROLES)
def round_publish_view(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    round = get_round_for_user_or_404(user=request.user, uuid=uuid)
    try:
        run_uuid = UUID(request.POST.get("run", ""))
    except ValueError:
        raise Http404 from None
    run = round_run(round=round, uuid=run_uuid)
    if run is None:
        raise Http404
    if round.status == Round.Status.CLOSED and not _confirmed(request):
        if run.pk in runs_current(round=round, runs=[run]):
            return render(
                request,
                "placement/round_confirm.html",
                {
                    "round": round,
                    "action": "publish",
                    "run": run,
                    "preview": publish_preview(run=run),
                },
            )
    try:
        round_publish(round=round, run=run, acting_user=request.user)
        messages.success(request, _("Resultatet er offentliggjort, og alle har fået besked."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(round)


PUPILS_PER_PAGE = 50
_PUPIL_LIST_KEYS = ("skole", "klasse", "vis", "side")


def _pupil_list_url(round: Round, query: str, person_uuid: Any = None) -> str:
    """The pupil list again with its filters and page (only known keys), at one pupil's row."""
    params = QueryDict(query)
    kept = QueryDict(mutable=True)
    for key in _PUPIL_LIST_KEYS:
        if params.get(key):
            kept[key] = params[key]
    url = reverse("placement:round_pupils", kwargs={"uuid": round.uuid})
    if kept:
        url += "?" + kept.urlencode()
    if person_uuid:
        url += f"#elev-{person_uuid}"
    return url


@role_required(*MANAGER_ROLES)
@substantial_required  # the pupil list shows the support-track flag
def round_pupils_view(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """The round's pupils, filtered and 50 to a page, with wishes, lock and (once published)
    result and reason. One access-log entry per view."""
    round = get_round_for_user_or_404(user=request.user, uuid=uuid)
    published = round.status == Round.Status.PUBLISHED
    form = PupilFilterForm(
        request.GET or None, classes=round_classes(round=round), published=published
    )
    filters = form.filters()
    pupils = round_pupils_filtered(
        round=round, school=filters["skole"], school_class=filters["klasse"], show=filters["vis"]
    )
    page = Paginator(pupils, PUPILS_PER_PAGE).get_page(request.GET.get("side"))
    rows = round_pupil_rows(round=round, pupils=list(page))
    results_view_log(user=request.user, round=round, path=request.path)
    return render(
        request,
        "placement/round_pupils.html",
        {
            "round": round,
            "form": form,
            "filtered": any(filters.values()),
            "page": page,
            "rows": rows,
            "offers": [(str(ro.uuid), offer_name(ro.offer)) for ro in round_offers_of(round=round)],
            "can_lock": not published,
            "query": request.GET.urlencode(),
        },
    )


@require_POST
@role_required(*MANAGER_ROLES)
def lock_set_view(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    round = get_round_for_user_or_404(user=request.user, uuid=uuid)
    form = LockForm(request.POST)
    if not form.is_valid():
        raise Http404
    person = get_round_pupil_for_user_or_404(
        request=request, round=round, uuid=form.cleaned_data["young_person"]
    )
    round_offer = None
    if form.cleaned_data["round_offer"]:
        round_offer = round.round_offers.filter(uuid=form.cleaned_data["round_offer"]).first()
        if round_offer is None:
            raise Http404
    try:
        lock_set(
            round=round, young_person=person, round_offer=round_offer, acting_user=request.user
        )
        messages.success(
            request,
            _("%(name)s er låst til en plads.") % {"name": person.full_name}
            if round_offer
            else _("%(name)s er ikke længere låst.") % {"name": person.full_name},
        )
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(_pupil_list_url(round, request.POST.get("query", ""), person.uuid))


@role_required(*MANAGER_ROLES)
def run_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """One run: every pupil's result and reason. One access-log entry per view."""
    run = get_run_for_user_or_404(user=request.user, uuid=uuid)
    rows = run_rows(run=run)
    results_view_log(user=request.user, round=run.round, path=request.path)
    return render(
        request,
        "placement/run_detail.html",
        {
            "run": run,
            "round": run.round,
            "rows": rows,
            "warnings": run_warnings(run=run),
        },
    )


def _json_download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*MANAGER_ROLES)
def run_instance(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    run = get_run_for_user_or_404(user=request.user, uuid=uuid)
    return _json_download(run.instance_json, f"instans-{run.uuid}.json")


@role_required(*MANAGER_ROLES)
def run_result(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    run = get_run_for_user_or_404(user=request.user, uuid=uuid)
    return _json_download(run.result_json, f"resultat-{run.uuid}.json")


# --- pupils, guardians and teachers -----------------------------------------------------


@role_required(*WISH_ROLES)
def wishes_edit(request: AuthenticatedRequest, uuid: str, person_uuid: str) -> HttpResponse:
    round, person = get_wish_target_or_404(
        request=request, round_uuid=uuid, person_uuid=person_uuid
    )
    offers = wish_offers(round=round, young_person=person)
    round_offers = [o.round_offer for o in offers]
    current = [str(w.round_offer.uuid) for w in wishes_of(round=round, young_person=person)]
    form = WishForm(
        request.POST or None,
        round_offers=round_offers,
        initial_uuids=current,
        towns={o.round_offer.offer.postal_code: o.town for o in offers},
        refused=frozenset(str(o.round_offer.uuid) for o in offers if o.refusal),
    )
    if request.method == "POST" and form.is_valid():
        by_uuid = {str(ro.uuid): ro for ro in round_offers}
        try:
            wishes_set(
                round=round,
                young_person=person,
                round_offers=[by_uuid[u] for u in form.chosen()],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Ønskerne er gemt."))
            return redirect(_after_wishes_url(request, round, person))
    return render(
        request,
        "placement/wishes_form.html",
        {
            "round": round,
            "person": person,
            "form": form,
            "offers": offers,
            "is_pupil": is_own_record(request.user, person),
            "back_url": _after_wishes_url(request, round, person),
        },
    )


def _after_wishes_url(request: AuthenticatedRequest, round: Round, person: YoungPerson) -> str:
    """Where the wishes form leads back to: the page it came from, at the pupil's row."""
    if can_view_teacher_overview(request.user):
        return f"{reverse('placement:teacher_overview')}#oensker-{round.uuid}-{person.uuid}"
    if can_manage_round(request.user, round):
        query = f"?klasse={person.school_class.uuid}" if person.school_class else ""
        return (
            f"{reverse('placement:round_pupils', kwargs={'uuid': round.uuid})}{query}"
            f"#elev-{person.uuid}"
        )
    return f"{reverse('placement:my_work_experience')}#runde-{round.uuid}-{person.uuid}"


@role_required(Role.YOUNG_PERSON, Role.GUARDIAN)
def my_work_experience(request: AuthenticatedRequest) -> HttpResponse:
    """The pupil's (or guardian's children's) rounds: wishes while open, then the result."""
    people = list(
        young_people_visible_to(user=request.user).select_related("school", "school_class")
    )
    items = [
        {
            "item": item,
            "is_self": is_own_record(request.user, item.person),
            "may_wish": item.can_wish and can_set_wishes(request.user, item.round, item.person),
            "may_propose": can_propose_own_place(request.user, item.round, item.person)
            and (item.own_place is None or item.own_place.status == "REJECTED"),
        }
        for item in work_experience_items(people=people)
    ]
    counted = attendance.days_counted(people=people)
    days = [
        {
            "person": person,
            "is_self": is_own_record(request.user, person),
            "days": counted.get(person.pk, 0),
        }
        for person in people
    ]
    return render(
        request,
        "placement/my_work_experience.html",
        {"items": items, "days": days, "required": attendance.REQUIRED_DAYS},
    )


@role_required(Role.TEACHER)
def teacher_overview(request: AuthenticatedRequest) -> HttpResponse:
    """The teacher's classes: each pupil's rounds and wishes, and the class lists."""
    classes = list(classes_visible_to(user=request.user))
    pupils = list(
        young_people_visible_to(user=request.user)
        .select_related("school", "school_class")
        .order_by("school_class", "last_name", "first_name")
    )
    access_log_record(
        user=request.user,
        action=AccessLogEntry.Action.SEARCH,
        purpose=_("Erhvervspraktik: klassens ønsker"),
        search_term=", ".join(str(c) for c in classes)[:200],
        path=request.path,
    )
    blocks = class_round_blocks(pupils=pupils)
    counted = attendance.days_counted(people=pupils)
    for block in blocks:
        for row in block["rows"]:
            row["days"] = counted.get(row["person"].pk, 0)
    return render(
        request,
        "placement/teacher_overview.html",
        {"blocks": blocks, "required": attendance.REQUIRED_DAYS},
    )


# --- lists for partners and classes -------------------------------------------------------


def _document_response(document: documents.ListDocument, fmt: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(documents.as_csv(document), content_type="text/csv; charset=utf-8")
    elif fmt == "pdf":
        response = HttpResponse(documents.as_pdf(document), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{fmt}"'
    return response


@role_required(Role.PARTNER_CONTACT)
def partner_lists(request: AuthenticatedRequest) -> HttpResponse:
    partner = request.user.partner
    rounds = [{"round": round, "count": count} for round, count in partner_rounds(partner=partner)]
    return render(
        request,
        "placement/partner_lists.html",
        {
            "rounds": rounds,
            "partner": partner,
            "agreements": agreements.partner_agreements(partner=partner),
        },
    )


@role_required(Role.PARTNER_CONTACT, *MANAGER_ROLES)
def partner_list(
    request: AuthenticatedRequest, uuid: str, partner_uuid: str, fmt: str
) -> HttpResponse:
    """A partner's list: the partner's own contacts, and the round's managers."""
    round = get_published_round_or_404(user=request.user, uuid=uuid)
    partner, staff_reads = get_partner_list_or_404(
        user=request.user, round=round, uuid=partner_uuid
    )
    document = documents.partner_list(round=round, partner=partner)
    if staff_reads:
        access_log_record(
            user=request.user,
            action=AccessLogEntry.Action.EXPORT,
            purpose=_("Praktikantliste til garantipartner"),
            search_term=partner.name,
            path=request.path,
        )
    return _document_response(document, fmt)


@role_required(*CLASS_LIST_ROLES)
def class_list(request: AuthenticatedRequest, uuid: str, class_uuid: str, fmt: str) -> HttpResponse:
    round = get_published_round_or_404(user=request.user, uuid=uuid)
    school_class = get_class_for_user_or_404(user=request.user, uuid=class_uuid)
    document = documents.class_list(round=round, school_class=school_class)
    access_log_record(
        user=request.user,
        action=AccessLogEntry.Action.EXPORT,
        purpose=_("Klasseliste over erhvervspraktik"),
        search_term=str(school_class),
        path=request.path,
    )
    return _document_response(document, fmt)


# --- seat campaigns -----------------------------------------------------------------------


@require_POST
@role_required(*MANAGER_ROLES)
def campaign_start_view(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    round = get_round_for_user_or_404(user=request.user, uuid=uuid)
    try:
        campaign = campaigns.campaign_start(round=round, acting_user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(round)
    messages.success(
        request,
        ngettext(
            "Kampagnen er startet: %(n)s garantipartner får en e-mail med et link.",
            "Kampagnen er startet: %(n)s garantipartnere får en e-mail med et link.",
            campaign.invitations.count(),
        )
        % {"n": campaign.invitations.count()},
    )
    return redirect(campaign)


@role_required(*MANAGER_ROLES)
def campaign_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """Sent / answered / seats gained, each partner's answer, and the round's shortfall now
    (the numbers refresh themselves while the page is open)."""
    campaign = get_campaign_for_user_or_404(user=request.user, uuid=uuid)
    round = campaign.round
    return render(
        request,
        "placement/campaign_detail.html",
        {
            "campaign": campaign,
            "round": round,
            "numbers": campaigns.campaign_numbers(campaign=campaign),
            "invitations": campaign.invitations.select_related("partner", "contact"),
            "shortfall": round_shortfall(round=round)
            if round.status != Round.Status.PUBLISHED
            else None,
            "expired": timezone.now() > campaign.expires_at,
        },
    )


@require_POST
@role_required(*MANAGER_ROLES)
def campaign_remind_view(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    campaign = get_campaign_for_user_or_404(user=request.user, uuid=uuid)
    try:
        count = campaigns.campaign_remind(campaign=campaign, acting_user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s garantipartner har fået en påmindelse.",
                "%(n)s garantipartnere har fået en påmindelse.",
                count,
            )
            % {"n": count},
        )
    return redirect(campaign)


def invitation_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The partner's answer through the link in the campaign e-mail (no login needed). A
    forged link is 404; a link used or expired shows why (410) and changes nothing; a login
    of another company is refused (403, in the access log)."""
    invitation = campaigns.invitation_from_token(token)
    if invitation is None:
        raise Http404
    if not can_answer_invitation(request.user, invitation):
        assert isinstance(request.user, User)  # a visitor without a login may answer
        access_log_record(
            user=request.user,
            action=AccessLogEntry.Action.DENIED,
            purpose=_("Pladskampagne: link til en anden virksomhed"),
            search_term=invitation.partner.name,
            path=request.path,
        )
        raise PermissionDenied
    round = invitation.campaign.round
    refusal = campaigns.invitation_refusal(invitation)
    context: dict[str, Any] = {"invitation": invitation, "round": round, "refusal": refusal}
    if refusal:
        return render(request, "placement/invitation_answer.html", context, status=410)
    acting_user = request.user if request.user.is_authenticated else None
    initial = {
        "seats": 2,
        "start_date": round.start_date,
        "end_date": round.end_date,
        "day_starts_at": "08:00",
        "day_ends_at": "14:00",
        "break_minutes": 30,
    }
    form = SeatOfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("action") == "decline":
        try:
            campaigns.invitation_decline(invitation=invitation, acting_user=acting_user)
        except ValidationError as exc:
            context["refusal"] = " ".join(exc.messages)
            return render(request, "placement/invitation_answer.html", context, status=410)
        return render(request, "placement/invitation_answer.html", {**context, "done": "declined"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaigns.invitation_offer(
                invitation=invitation,
                answer=campaigns.SeatOffer(**data),
                acting_user=acting_user,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(None if name not in form.fields else name, errors)
            else:
                form.add_error(None, exc)
        else:
            return render(
                request,
                "placement/invitation_answer.html",
                {**context, "done": "offered", "seats": data["seats"]},
            )
    return render(request, "placement/invitation_answer.html", {**context, "form": form})


# --- own places ---------------------------------------------------------------------------


@role_required(Role.YOUNG_PERSON, Role.GUARDIAN)
def own_place_propose_view(
    request: AuthenticatedRequest, uuid: str, person_uuid: str
) -> HttpResponse:
    round, person = get_own_place_target_or_404(
        request=request, round_uuid=uuid, person_uuid=person_uuid
    )
    if not can_propose_own_place(request.user, round, person):
        raise Http404
    form = OwnPlaceForm(
        request.POST or None,
        initial={
            "start_date": round.start_date,
            "end_date": round.end_date,
            "day_starts_at": "08:00",
            "day_ends_at": "14:00",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            own_places.own_place_propose(
                round=round, young_person=person, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request, _("Pladsen er meldt. Praktikkoordinatoren godkender eller afviser den.")
            )
            return redirect(
                f"{reverse('placement:my_work_experience')}#runde-{round.uuid}-{person.uuid}"
            )
    return render(
        request,
        "placement/own_place_form.html",
        {
            "round": round,
            "person": person,
            "form": form,
            "is_pupil": is_own_record(request.user, person),
        },
    )


@role_required(*MANAGER_ROLES)
def own_place_list(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """The round's own places, those waiting first, with approve and reject."""
    round = get_round_for_user_or_404(user=request.user, uuid=uuid)
    places = list(
        round.own_places.select_related("young_person__school_class", "decided_by").order_by(
            "status", "created_at"
        )
    )
    access_log_record(
        user=request.user,
        action=AccessLogEntry.Action.SEARCH,
        purpose=_("Erhvervspraktik: egne pladser"),
        search_term=round.name,
        path=request.path,
    )
    return render(
        request,
        "placement/own_place_list.html",
        {"round": round, "places": places, "form": OwnPlaceDecisionForm()},
    )


@require_POST
@role_required(*MANAGER_ROLES)
def own_place_decide_view(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    own = get_own_place_for_user_or_404(user=request.user, uuid=uuid)
    form = OwnPlaceDecisionForm(request.POST)
    if not form.is_valid():
        raise Http404
    approve = form.cleaned_data["decision"] == "approve"
    try:
        own_places.own_place_decide(
            own_place=own,
            approve=approve,
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("%(company)s er godkendt og låst i runden.") % {"company": own.company_name}
            if approve
            else _("%(company)s er afvist.") % {"company": own.company_name},
        )
    return redirect("placement:own_place_list", uuid=own.round.uuid)


# --- agreements (praktikaftaler) ----------------------------------------------------------

AGREEMENT_ROLES = (
    Role.YOUNG_PERSON,
    Role.GUARDIAN,
    Role.TEACHER,
    Role.PARTNER_CONTACT,
    *MANAGER_ROLES,
)


def _agreement_read(request: AuthenticatedRequest, agreement: Any) -> None:
    """Staff reading a pupil's agreement is logged (the pupil's own people are not)."""
    if is_staff_role(request.user):
        access_log_record(
            user=request.user,
            action=AccessLogEntry.Action.VIEW,
            purpose=_("Praktikaftale"),
            young_person=agreement.placement.young_person,
            path=request.path,
        )


@role_required(*AGREEMENT_ROLES)
def agreement_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    agreement = get_agreement_for_user_or_404(user=request.user, uuid=uuid)
    _agreement_read(request, agreement)
    party = agreement_party(request.user, agreement)
    confirmed = {
        "company": agreement.company_confirmed_at,
        "guardian": agreement.guardian_confirmed_at,
        "pupil": agreement.pupil_confirmed_at,
    }
    return render(
        request,
        "placement/agreement_detail.html",
        {
            **agreements.agreement_facts(agreement),
            "party": party if party and not confirmed[party] else None,
            "can_remind": can_remind_agreement(request.user, agreement)
            and not agreement.is_complete,
        },
    )


@role_required(*AGREEMENT_ROLES)
def agreement_pdf_view(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    agreement = get_agreement_for_user_or_404(user=request.user, uuid=uuid)
    _agreement_read(request, agreement)
    response = HttpResponse(agreements.agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="praktikaftale-{agreement.uuid}.pdf"'
    return response


@require_POST
@role_required(Role.YOUNG_PERSON, Role.GUARDIAN, Role.PARTNER_CONTACT)
def agreement_confirm_view(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """The viewer confirms for their own party. Someone who is not the pupil, a guardian of
    the pupil or a contact of the company is refused, and the attempt is logged."""
    agreement = get_agreement_for_user_or_404(user=request.user, uuid=uuid)
    party = agreement_party(request.user, agreement)
    if party is None or party != request.POST.get("party"):
        access_log_record(
            user=request.user,
            action=AccessLogEntry.Action.DENIED,
            purpose=_("Praktikaftale: bekræftelse af en, der ikke er part"),
            young_person=agreement.placement.young_person,
            path=request.path,
        )
        raise PermissionDenied
    try:
        agreements.agreement_confirm(
            agreement=agreement,
            party=party,
            acting_user=request.user,
            risk_assessed=request.POST.get("risk_assessed") == "on",
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Tak. Din bekræftelse er gemt på aftalen."))
    return redirect(agreement)


@require_POST
@role_required(*MANAGER_ROLES)
def agreement_remind_view(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    agreement = get_agreement_for_user_or_404(user=request.user, uuid=uuid)
    try:
        missing = agreements.agreement_remind(agreement=agreement, acting_user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Påmindelse sendt til: %(who)s.") % {"who": ", ".join(missing)})
    return redirect(agreement)


def agreement_company_link(request: HttpRequest, token: str) -> HttpResponse:
    """The company's confirmation through the link mailed to the workplace's contact (no login
    needed). A forged link is 404; one already used or expired shows why (410)."""
    agreement = agreements.agreement_from_token(token)
    if agreement is None:
        raise Http404
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        if agreement_party(request.user, agreement) != "company":
            access_log_record(
                user=request.user,
                action=AccessLogEntry.Action.DENIED,
                purpose=_("Praktikaftale: link til en anden virksomhed"),
                search_term=agreement.placement.round.name,
                path=request.path,
            )
            raise PermissionDenied
    facts = agreements.agreement_facts(agreement)
    refusal = agreements.link_refusal(agreement)
    context: dict[str, Any] = {**facts, "refusal": refusal, "errors": {}}
    if refusal:
        return render(request, "placement/agreement_company_link.html", context, status=410)
    if request.method == "POST":
        try:
            agreements.agreement_confirm_by_link(
                agreement=agreement,
                name=request.POST.get("name", ""),
                risk_assessed=request.POST.get("risk_assessed") == "on",
                acting_user=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {}
            context["errors"] = by_field
            context["general_errors"] = [] if by_field else exc.messages
            context["name"] = request.POST.get("name", "")
        else:
            agreement.refresh_from_db()
            return render(
                request,
                "placement/agreement_company_link.html",
                {**context, "agreement": agreement, "done": True},
            )
    return render(request, "placement/agreement_company_link.html", context)


# --- the five days counted ----------------------------------------------------------------


@role_required(Role.PARTNER_CONTACT, Role.TEACHER, *MANAGER_ROLES)
def attendance_edit(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """Each day of a placement: met or not, registered by the company or the school; and an
    incident report."""
    placement = get_placement_for_attendance_or_404(user=request.user, uuid=uuid)
    if is_staff_role(request.user):
        access_log_record(
            user=request.user,
            action=AccessLogEntry.Action.VIEW,
            purpose=_("Erhvervspraktik: fremmøde"),
            young_person=placement.young_person,
            path=request.path,
        )
    days = attendance.working_days(placement)
    incident_form = IncidentForm(request.POST if request.POST.get("form") == "incident" else None)
    if request.method == "POST" and request.POST.get("form") == "days":
        values = {"yes": True, "no": False}
        chosen = {d: values.get(request.POST.get(f"dag-{d.isoformat()}", "")) for d in days}
        try:
            attendance.attendance_set(placement=placement, days=chosen, acting_user=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Fremmødet er gemt."))
            return redirect("placement:attendance_edit", uuid=placement.uuid)
    if request.method == "POST" and incident_form.is_valid():
        try:
            attendance.incident_report(
                placement=placement, acting_user=request.user, **incident_form.cleaned_data
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                incident_form.add_error(name if name in incident_form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Hændelsen er meldt. Forældrene og praktikkoordinatoren har fået besked."),
            )
            return redirect("placement:attendance_edit", uuid=placement.uuid)
    if request.method == "POST" and request.POST.get("form") == "feedback":
        try:
            attendance.feedback_set(
                placement=placement,
                text=request.POST.get("feedback", ""),
                acting_user=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Tak for tilbagemeldingen."))
            return redirect("placement:attendance_edit", uuid=placement.uuid)
    registered = {a.day_date: a.present for a in placement.attendance.all()}
    return render(
        request,
        "placement/attendance.html",
        {
            "placement": placement,
            "person": placement.young_person,
            "place": placement.workplace,
            "days": [
                {
                    "day": d,
                    "key": d.isoformat(),
                    "present": registered.get(d),
                    "future": d > timezone.localdate(),
                }
                for d in days
            ],
            "counted": attendance.days_counted(people=[placement.young_person]).get(
                placement.young_person_id, 0
            ),
            "required": attendance.REQUIRED_DAYS,
            "incidents": placement.incidents.all(),
            "incident_form": incident_form,
        },
    )


@role_required(*MANAGER_ROLES)
@substantial_required  # a list of named pupils across schools
def days_short_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every 9th-grader in the coordinator's district (the secretariat: the municipality) with
    fewer than five days of erhvervspraktik counted, per school: the last year to get them."""
    pupils = young_people_visible_to(user=request.user).filter(school_class__grade=9)
    schools = attendance.pupils_short_of_days(pupils=pupils)
    access_log_record(
        user=request.user,
        action=AccessLogEntry.Action.SEARCH,
        purpose=_("Erhvervspraktik: elever uden 5 dage"),
        search_term="9. klasse",
        path=request.path,
    )
    return render(
        request,
        "placement/days_short.html",
        {
            "schools": schools,
            "required": attendance.REQUIRED_DAYS,
            "total": sum(len(s["rows"]) for s in schools),
        },
    )
