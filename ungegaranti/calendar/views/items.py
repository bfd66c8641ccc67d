"""Pages of the annual wheel. Thin: parse, one service or selector, render."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ungegaranti.core.dates import format_date_range
from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.permissions import can_view_history
from ungegaranti.core.schoolyear import school_year_bounds, school_year_label
from ungegaranti.core.selectors import audit_events_for

from .. import wheel
from ..forms import ItemFilterForm, ItemForm, form_errors, item_initial
from ..models import CalendarItem
from ..permissions import (
    can_change_calendar_item,
    can_delete_calendar_item,
    can_manage_calendar,
    can_view_calendar,
    get_item_for_user_or_404,
)
from ..selectors import (
    ItemFilters,
    current_school_year,
    drafts_of,
    items_for,
    school_years_with_items,
)
from ..services import (
    calendar_item_create,
    calendar_item_delete,
    calendar_item_update,
    calendar_items_publish,
    calendar_year_copy_forward,
)


def _require_calendar(request: AuthenticatedRequest) -> None:
    if not can_view_calendar(request.user):
        raise PermissionDenied


def _require_manager(request: AuthenticatedRequest) -> None:
    if not can_manage_calendar(request.user):
        raise PermissionDenied


def _year(request: AuthenticatedRequest) -> int:
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        return current_school_year()
    return year if 2000 <= year <= 2100 else current_school_year()


def _filtered(request: AuthenticatedRequest, year: int) -> tuple[ItemFilterForm, list[Any]]:
    form = ItemFilterForm(request.GET or None, municipality=request.user.municipality)
    filters = ItemFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = ItemFilters(
            track=data["track"],
            kind=data["kind"],
            grade=data["grade"],
            district=data["district"],
            everything=data["everything"],
        )
    return form, items_for(user=request.user, school_year=year, filters=filters)


def item_label(item: CalendarItem) -> str:
    """What a screen reader reads for an item of the wheel: title, dates, track."""
    return f"{item.title}, {format_date_range(item.first_date, item.last_date)}, {item.track.get_kind_display()}"


def _year_nav(request: AuthenticatedRequest, year: int) -> dict[str, Any]:
    query = request.GET.copy()
    links = {}
    for key, value in (("previous", year - 1), ("next", year + 1)):
        query["aar"] = str(value)
        links[key] = {"query": query.urlencode(), "label": school_year_label(value)}
    return links


@login_required
def wheel_view(request: AuthenticatedRequest) -> HttpResponse:
    _require_calendar(request)
    year = _year(request)
    form, items = _filtered(request, year)
    names = [str(MONTHS_3[(7 + i) % 12 + 1]) for i in range(12)]
    spans = [(i.track.kind, i.first_date, i.last_date) for i in items if i.first_date]
    dated = [i for i in items if i.first_date]
    placed = wheel.place(spans, year)  # type: ignore[arg-type]
    tracks = {t["kind"]: t for t in wheel.rings()}
    first, last = school_year_bounds(year)
    return render(
        request,
        "calendar/wheel.html",
        {
            "year": year,
            "year_label": school_year_label(year),
            "year_nav": _year_nav(request, year),
            "form": form,
            "items": items,
            "placed": [
                {"item": item, "shape": shape, "label": item_label(item)}
                for item, shape in zip(dated, placed, strict=True)
            ],
            "months": wheel.months(year, names),
            "rings": wheel.rings(),
            "legend": [
                {"kind": kind, "label": label, "colour": tracks[kind]["colour"], "ring": n}
                for n, (kind, label) in enumerate(
                    sorted(_track_labels().items(), key=lambda kv: wheel.TRACK_ORDER.index(kv[0])),
                    start=1,
                )
            ],
            "today": wheel.today_hand(year, timezone.localdate()),
            "today_date": timezone.localdate(),
            "dot": wheel.DOT,
            "size": wheel.SIZE,
            "centre": wheel.CENTRE,
            "inner": wheel.INNER,
            "first": first,
            "last": last,
            "can_manage": can_manage_calendar(request.user),
        },
    )


def _track_labels() -> dict[str, str]:
    from ungegaranti.core.models import Track

    return {kind: str(label) for kind, label in Track.Kind.choices}


@login_required
def item_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_calendar(request)
    year = _year(request)
    form, items = _filtered(request, year)
    return render(
        request,
        "calendar/item_list.html",
        {
            "year": year,
            "year_label": school_year_label(year),
            "year_nav": _year_nav(request, year),
            "form": form,
            "items": items,
            "can_manage": can_manage_calendar(request.user),
        },
    )


@login_required
def item_detail(request: AuthenticatedRequest, uuid: UUID) -> HttpResponse:
    item = get_item_for_user_or_404(user=request.user, uuid=uuid)
    return render(
        request,
        "calendar/item_detail.html",
        {
            "item": item,
            "year_label": school_year_label(item.school_year),
            "can_change": can_change_calendar_item(request.user, item),
            "can_delete": can_delete_calendar_item(request.user, item),
            "history": audit_events_for(obj=item) if can_view_history(request.user, item) else None,
        },
    )


@login_required
def item_create(request: AuthenticatedRequest) -> HttpResponse:
    _require_manager(request)
    form = ItemForm(request.POST or None, municipality=request.user.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            item = calendar_item_create(acting_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Punktet er føjet til årshjulet."))
            return redirect(item)
    return render(request, "calendar/item_form.html", {"form": form, "item": None})


@login_required
def item_edit(request: AuthenticatedRequest, uuid: UUID) -> HttpResponse:
    item = get_item_for_user_or_404(user=request.user, uuid=uuid)
    if not can_change_calendar_item(request.user, item):
        raise PermissionDenied
    form = ItemForm(
        request.POST or None, municipality=request.user.municipality, initial=item_initial(item)
    )
    if item.event_id is not None:
        for name in ("round", "start_date", "end_date"):
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        districts, schools = data.pop("districts"), data.pop("schools")
        try:
            calendar_item_update(
                item=item,
                acting_user=request.user,
                districts=districts,
                schools=schools,
                **data,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Punktet er gemt."))
            return redirect(item)
    return render(request, "calendar/item_form.html", {"form": form, "item": item})


@require_POST
@login_required
def item_delete(request: AuthenticatedRequest, uuid: UUID) -> HttpResponse:
    item = get_item_for_user_or_404(user=request.user, uuid=uuid)
    year = item.school_year
    calendar_item_delete(item=item, acting_user=request.user)
    messages.success(request, _("Punktet er slettet fra årshjulet."))
    return redirect(f"{reverse('calendar:item_list')}?aar={year}&everything=on")


@login_required
def year_review(request: AuthenticatedRequest) -> HttpResponse:
    """The secretariat's page for a school year: copy the year before forward, review the
    drafts, publish them."""
    _require_manager(request)
    year = _year(request)
    municipality = request.user.municipality
    return render(
        request,
        "calendar/year_review.html",
        {
            "year": year,
            "year_label": school_year_label(year),
            "previous_label": school_year_label(year - 1),
            "year_nav": _year_nav(request, year),
            "drafts": drafts_of(municipality=municipality, school_year=year),
            "years": school_years_with_items(municipality=municipality),
        },
    )


@require_POST
@login_required
def year_copy_forward(request: AuthenticatedRequest) -> HttpResponse:
    _require_manager(request)
    year = _year_from_post(request)
    copies = calendar_year_copy_forward(
        municipality=request.user.municipality,  # type: ignore[arg-type]
        school_year=year - 1,
        acting_user=request.user,
    )
    if copies:
        messages.success(
            request,
            _(
                "%(count)s punkter er kopieret fra %(year)s som kladder. Gennemgå dem, og offentliggør."
            )
            % {"count": len(copies), "year": school_year_label(year - 1)},
        )
    else:
        messages.info(
            request, _("Der var ingen gentagne punkter at kopiere, som ikke allerede er kopieret.")
        )
    return redirect(f"{reverse('calendar:year_review')}?aar={year}")


@require_POST
@login_required
def year_publish(request: AuthenticatedRequest) -> HttpResponse:
    _require_manager(request)
    year = _year_from_post(request)
    count = calendar_items_publish(
        municipality=request.user.municipality,  # type: ignore[arg-type]
        school_year=year,
        acting_user=request.user,
    )
    messages.success(
        request,
        _("%(count)s punkter er offentliggjort i årshjulet for %(year)s.")
        % {"count": count, "year": school_year_label(year)},
    )
    return redirect(f"{reverse('calendar:wheel')}?aar={year}&everything=on")


def _year_from_post(request: AuthenticatedRequest) -> int:
    try:
        year = int(request.POST.get("aar", ""))
    except ValueError:
        return current_school_year()
    return year if 2000 <= year <= 2100 else current_school_year()
