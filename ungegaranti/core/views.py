import sys

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_POST

from .access_review import (
    access_review_flag_mark,
    access_review_flags,
    access_reviews_of,
    can_review_access,
    get_access_review_flag_for_user_or_404,
    get_access_review_for_user_or_404,
)
from .forms import AccessLogSearchForm, AccessReviewMarkForm, RetentionRuleForm
from .http import AuthenticatedRequest, Request
from .models import AccessReview, BackgroundJob, LegalHold
from .permissions import policy_required, role_required
from .retention import (
    KINDS,
    can_manage_retention,
    legal_hold_release,
    legal_holds_active,
    retention_overview,
    retention_rule_set,
)
from .roles import Role
from .selectors import access_log_search


@role_required(Role.SECRETARIAT)
def access_log(request: AuthenticatedRequest) -> HttpResponse:
    form = AccessLogSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = access_log_search(municipality=request.user.municipality, **filters)
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    template = "core/_access_log_table.html" if request.htmx else "core/access_log.html"
    return render(request, template, {"form": form, "entries": page})


@policy_required(can_review_access)
def access_reviews(request: AuthenticatedRequest) -> HttpResponse:
    assert request.user.municipality is not None  # the secretariat always belongs to one
    reviews = access_reviews_of(municipality=request.user.municipality)
    return render(request, "core/access_reviews.html", {"reviews": reviews})


@policy_required(can_review_access)
def access_review(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    review = get_access_review_for_user_or_404(user=request.user, uuid=uuid)
    return _access_review_page(request, review)


def _access_review_page(
    request: AuthenticatedRequest,
    review: AccessReview,
    *,
    bound: tuple[str, AccessReviewMarkForm] | None = None,
) -> HttpResponse:
    rows = []
    for flag in access_review_flags(review=review):
        if bound and bound[0] == str(flag.uuid):
            form = bound[1]
        else:
            form = AccessReviewMarkForm(prefix=str(flag.uuid))
        rows.append({"flag": flag, "form": form})
    return render(
        request,
        "core/access_review.html",
        {"review": review, "rows": rows},
        status=400 if bound else 200,
    )


@require_POST
@policy_required(can_review_access)
def access_review_flag(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    flag = get_access_review_flag_for_user_or_404(user=request.user, uuid=uuid)
    form = AccessReviewMarkForm(request.POST, prefix=str(flag.uuid))
    if form.is_valid():
        try:
            access_review_flag_mark(
                flag=flag, note=form.cleaned_data["review_note"], acting_user=request.user
            )
        except ValidationError as error:
            for field_errors in error.message_dict.values():
                form.add_error("review_note", field_errors)
        else:
            messages.success(request, _("Markeringen er gennemgået."))
            return redirect(f"{flag.review.get_absolute_url()}#markering-{flag.uuid}")
    return _access_review_page(request, flag.review, bound=(str(flag.uuid), form))


@policy_required(can_manage_retention)
def retention(request: AuthenticatedRequest) -> HttpResponse:
    return _retention_page(request)


def _retention_page(
    request: AuthenticatedRequest, *, bound: tuple[str, RetentionRuleForm] | None = None
) -> HttpResponse:
    municipality = request.user.municipality
    assert municipality is not None  # the secretariat always belongs to one
    rows = []
    for line in retention_overview(municipality=municipality):
        if bound and bound[0] == line.kind.code:
            form = bound[1]
        else:
            form = RetentionRuleForm(
                initial={
                    "period_days": line.rule.period_days,
                    "enabled": line.rule.enabled,
                    "archive_permission": line.rule.archive_permission,
                },
                prefix=line.kind.code,
            )
        rows.append({"line": line, "form": form})
    holds = legal_holds_active(municipality=municipality)
    status = 400 if bound else 200
    return render(request, "core/retention.html", {"rows": rows, "holds": holds}, status=status)


@require_POST
@policy_required(can_manage_retention)
def retention_rule_edit(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    form = RetentionRuleForm(request.POST, prefix=kind)
    if form.is_valid():
        try:
            assert request.user.municipality is not None
            retention_rule_set(
                municipality=request.user.municipality,
                kind=kind,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(
                request, _("Sletteregel gemt: %(label)s.") % {"label": KINDS[kind].label}
            )
            return redirect("core:retention")
    return _retention_page(request, bound=(kind, form))


@require_POST
@policy_required(can_manage_retention)
def legal_hold_end(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    hold = get_object_or_404(
        LegalHold, uuid=uuid, municipality=request.user.municipality, released_at=None
    )
    legal_hold_release(hold=hold, acting_user=request.user)
    messages.success(request, _("Tilbageholdet er ophævet."))
    return redirect("core:retention")


@login_required
def job_status(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    job = BackgroundJob.objects.filter(uuid=uuid, created_by=request.user).first()
    if job is None:
        raise Http404
    # A job that finished where its result is shown (an allocation run: the round's runs)
    # takes its starter there; the poll follows with HTMX's redirect header.
    next_url = job.result.get("next_url", "") if job.status == job.Status.SUCCEEDED else ""
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        if request.htmx:
            return HttpResponse(headers={"HX-Redirect": next_url})
        return redirect(next_url)
    template = "core/_job_status.html" if request.htmx else "core/job_status.html"
    return render(request, template, {"job": job})


def server_error(request: Request) -> HttpResponse:
    """500, or when the database is away (a restart, a failover) 503 with a Danish "try again"
    page and Retry-After: nothing was saved, and a moment later it works again. Neither page
    asks the database or the request context."""
    if isinstance(sys.exc_info()[1], DatabaseError):
        return HttpResponse(
            loader.get_template("503.html").render(), status=503, headers={"Retry-After": "30"}
        )
    return defaults.server_error(request)
