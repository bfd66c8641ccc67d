"""The public offer page: the offer, seats left per period and, for young people, teachers and
coordinators, the form to apply or book."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ungegaranti.core.dates import format_date_range
from ungegaranti.core.models import AccessLogEntry, User
from ungegaranti.core.services import access_log_record
from ungegaranti.people.selectors import classes_visible_to, young_people_search

from ..applicant_checks import needs_guardian_consent
from ..forms import ApplyForm, BookForm
from ..models import Application, Offer, OfferPeriod
from ..permissions import (
    acts_for_partner,
    can_apply_on_behalf,
    can_book_for_classes,
    can_manage_partner_offers,
    get_public_offer_or_404,
    own_young_person,
)
from ..selectors import reasons_not_to_apply

PEOPLE_LIMIT = 25


def period_choices(offer: Offer) -> list[tuple[str, str]]:
    today = timezone.localdate()
    return [
        (str(p.uuid), f"{format_date_range(p.start_date, p.end_date)} ({_seats_text(offer, p)})")
        for p in offer.periods.all()
        if p.end_date >= today
    ]


def _seats_text(offer: Offer, period: OfferPeriod) -> str:
    left = period.seats_left
    if offer.is_for_classes:  # one seat is one class
        return ngettext("plads til %(n)s klasse", "plads til %(n)s klasser", left) % {"n": left}
    return ngettext("%(n)s ledig plads", "%(n)s ledige pladser", left) % {"n": left}


def people_choices(request: HttpRequest, offer: Offer) -> list[tuple[str, str]]:
    """Young people in the staff member's scope, narrowed by name (?q=); the search is logged."""
    query = (request.GET.get("q", "") or request.POST.get("q", "")).strip()
    user = request.user
    if not query or not isinstance(user, User):  # no names before the staff member searches
        return []
    people = young_people_search(user=user, query=query)[:PEOPLE_LIMIT]
    access_log_record(
        user=user,
        action=AccessLogEntry.Action.SEARCH,
        purpose=_("Ansøgning på en ungs vegne"),
        search_term=query,
        path=request.path,
    )
    return [
        (
            str(p.uuid),
            f"{p.full_name} ({p.school_class.name if p.school_class else _('ingen klasse')}"
            f", {p.age} {_('år')})",
        )
        for p in people
    ]


def _email(user: object) -> str:
    return user.email if isinstance(user, User) else ""


def offer_context(request: HttpRequest, offer: Offer, **forms: Any) -> dict[str, Any]:
    user = request.user
    periods = period_choices(offer)
    open_ = offer.status == Offer.Status.PUBLISHED and bool(periods)
    context: dict[str, Any] = {
        "offer": offer,
        "periods": offer.periods.all(),
        "is_open": open_,
        "can_manage": can_manage_partner_offers(user, offer.partner),
        "acts_for_partner": acts_for_partner(user, offer.partner),
    }
    if not open_:
        return context
    young_person = own_young_person(user)
    if young_person is not None and not offer.is_for_classes:
        # Say before the message is written when applying cannot work.
        context["own_application"] = Application.objects.filter(
            offer=offer, young_person=young_person, status__in=Application.ACTIVE
        ).first()
        context["reasons_not_to_apply"] = reasons_not_to_apply(
            offer=offer, young_person=young_person
        )
        if context["own_application"] or context["reasons_not_to_apply"]:
            return context
        first_open = next(p for p in offer.periods.all() if p.end_date >= timezone.localdate())
        context["needs_consent"] = needs_guardian_consent(
            offer=offer, young_person=young_person, period=first_open
        )
        context["apply_form"] = forms.get("apply_form") or ApplyForm(
            periods=periods, initial={"reply_to": _email(user)}
        )
    elif can_apply_on_behalf(user) and not offer.is_for_classes:
        people = people_choices(request, offer)
        context["on_behalf"] = True
        if people or forms.get("apply_form"):
            context["apply_form"] = forms.get("apply_form") or ApplyForm(
                periods=periods, people=people
            )
    if can_book_for_classes(user) and offer.is_for_classes:
        classes = [(str(c.uuid), str(c)) for c in classes_visible_to(user=user)]
        context["book_form"] = forms.get("book_form") or BookForm(
            periods=periods, classes=classes, initial={"reply_to": _email(user)}
        )
    return context


def offer_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    offer = get_public_offer_or_404(user=request.user, uuid=uuid)
    return render(request, "marketplace/offer_detail.html", offer_context(request, offer))
