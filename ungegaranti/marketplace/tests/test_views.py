"""The pages: what a partner may see, partner isolation, applying and answering through the UI."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.partners.services import partner_contact_create
from ungegaranti.plans.models import Activity

from ..models import Application, Offer
from ..services.applications import application_consent
from ..services.offers import offer_create
from .helpers import application_of_pupil_a, offer_values, published_offer


def client_as(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def partner_b_user(world):
    user = user_create(
        acting_user=None,
        username="partner-b",
        password=None,
        role=Role.PARTNER_CONTACT,
        municipality=world.municipality,
        partner=world.partner_b,
    )
    partner_contact_create(
        partner=world.partner_b, name="Bente", email="b@example.org", user=user, acting_user=None
    )
    return user


def requested(world, **kwargs):
    application = application_of_pupil_a(world, **kwargs)
    application_consent(application=application, acting_user=world.users[Role.GUARDIAN], given=True)
    return application


def forbidden_texts(world):
    cpr = world.pupil_a.cpr.reveal()
    return [cpr, cpr.replace("-", ""), "støttesporet", "Støttesporet", world.pupil_a.last_name]


@pytest.mark.parametrize("shared", [False, True])
def test_partner_pages_never_show_cpr_surname_or_unshared_support_flag(world, shared):
    application = requested(world, share_support_needs=shared)
    partner = client_as(world.users[Role.PARTNER_CONTACT])
    pages = [
        reverse("marketplace:inbox"),
        reverse("marketplace:partner_offers"),
        reverse("marketplace:offer_edit", kwargs={"uuid": application.offer.uuid}),
        reverse("marketplace:application_detail", kwargs={"uuid": application.uuid}),
        reverse("notifications:list"),
    ]
    for url in pages:
        html = partner.get(url).content.decode()
        for text in forbidden_texts(world):
            assert text not in html, f"{text!r} on {url}"
    detail = partner.get(pages[3]).content.decode()
    assert "Asta" in detail and "Skole A" in detail and "Jeg vil gerne være smed." in detail
    assert ("ekstra støtte" in detail) is shared


def test_partner_cannot_see_another_partners_offers_or_requests(world, partner_b_user):
    application = requested(world)
    other = client_as(partner_b_user)
    for name, uuid in [
        ("marketplace:offer_edit", application.offer.uuid),
        ("marketplace:application_detail", application.uuid),
    ]:
        assert other.get(reverse(name, kwargs={"uuid": uuid})).status_code == 404
    for name in ("marketplace:application_accept", "marketplace:offer_status"):
        uuid = application.uuid if "application" in name else application.offer.uuid
        response = other.post(reverse(name, kwargs={"uuid": uuid}), {"action": "close"})
        assert response.status_code == 404
    inbox = other.get(reverse("marketplace:inbox")).content.decode()
    assert application.offer.title not in inbox and "Asta" not in inbox
    offers = other.get(reverse("marketplace:partner_offers")).content.decode()
    assert application.offer.title not in offers
    application.refresh_from_db()
    assert application.status == Application.Status.REQUESTED
    assert AccessLogEntry.objects.filter(user=partner_b_user, action="DENIED").exists()


def test_partner_creates_and_publishes_offer_through_the_pages(world):
    partner = client_as(world.users[Role.PARTNER_CONTACT])
    start = timezone.localdate() + timedelta(days=7)
    data = {
        k: v
        for k, v in offer_values(
            hours_per_day="8", day_ends_at="16:30", title="Lær at svejse"
        ).items()
        if v is not None
    }
    data |= {
        "during_school_period": "on",
        "works_on_school_days": "on",
        "period-start_date": start.isoformat(),
        "period-end_date": (start + timedelta(days=4)).isoformat(),
        "period-seats": "3",
    }
    response = partner.post(reverse("marketplace:offer_create"), data)
    assert response.status_code == 302
    offer = Offer.objects.get(title="Lær at svejse")
    assert offer.status == Offer.Status.DRAFT and offer.periods.get().seats == 3
    status_url = reverse("marketplace:offer_status", kwargs={"uuid": offer.uuid})
    page = partner.post(status_url, {"action": "publish"}, follow=True).content.decode()
    assert "højst 7 timer på en skolefri dag – tilbuddet har 8 timer (1 time for meget)" in page
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    edit = reverse("marketplace:offer_edit", kwargs={"uuid": offer.uuid})
    assert partner.post(edit, data | {"hours_per_day": "7"}).status_code == 302
    partner.post(status_url, {"action": "publish"})
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    public = Client().get(offer.get_absolute_url()).content.decode()
    assert "Lær at svejse" in public and "3 af 3" in public


def _offer_form_data(**overrides):
    data = {k: v for k, v in offer_values(**overrides).items() if v is not None}
    return data | {"during_school_period": "on", "works_on_school_days": "on"}


def _field_errors(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"min_age": 16, "max_age": 14}, "max_age", "Højeste alder skal være mindst 16 år"),
        ({"min_grade": 9, "max_grade": 7}, "max_grade", "Til klassetrin skal være mindst 9"),
        (
            {"hours_per_day": "8", "hours_per_week": "6"},
            "hours_per_day",
            "Timer pr. dag kan ikke være flere end timer pr. uge.",
        ),
        (
            {"day_starts_at": "08:00", "day_ends_at": "12:30"},
            "hours_per_day",
            "7 timer pr. dag kan ikke nås i en arbejdsdag fra 08:00 til 12:30 (4,5 timer).",
        ),
        (
            {"day_starts_at": "16:00", "day_ends_at": "08:00"},
            "day_ends_at",
            "Arbejdsdagen slutter før den begynder.",
        ),
        (
            {"day_starts_at": "08:00", "day_ends_at": None},
            "day_ends_at",
            "Angiv både hvornår arbejdsdagen begynder",
        ),
    ],
    ids=["ages", "grades", "day-over-week", "day-longer-than-span", "overnight", "one-time"],
)
def test_offer_form_names_the_field_of_a_contradiction(world, overrides, field, message):
    partner = client_as(world.users[Role.PARTNER_CONTACT])
    response = partner.post(reverse("marketplace:offer_create"), _offer_form_data(**overrides))
    assert response.status_code == 200
    errors = _field_errors(response)
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert "offer_age_range" not in response.content.decode()
    assert not Offer.objects.filter(title=offer_values()["title"]).exists()


def test_adults_may_work_over_midnight(world):
    partner = client_as(world.users[Role.PARTNER_CONTACT])
    data = _offer_form_data(
        min_age=18, max_age=29, min_grade=None, max_grade=None, hours_per_day="7"
    ) | {"day_starts_at": "22:00", "day_ends_at": "06:00", "type": "APPRENTICESHIP"}
    assert partner.post(reverse("marketplace:offer_create"), data).status_code == 302


def test_rule_breaches_link_to_their_fields_and_hide_publishing(world):
    partner = client_as(world.users[Role.PARTNER_CONTACT])
    data = _offer_form_data(light_work=False) | {"day_starts_at": "06:00", "day_ends_at": "17:00"}
    response = partner.post(reverse("marketplace:offer_create"), data, follow=True)
    page = response.content.decode()
    assert 'href="#id_light_work"' in page and 'href="#id_day_ends_at"' in page
    assert 'value="publish"' not in page
    assert "klik på en regel for at komme til feltet" in page


def test_secretariat_acts_for_a_partner_without_login(world):
    secretariat = client_as(world.users[Role.SECRETARIAT])
    chooser = secretariat.get(reverse("marketplace:offer_create")).content.decode()
    assert world.partner_b.name in chooser
    url = reverse("marketplace:offer_create") + f"?partner={world.partner_b.uuid}"
    data = {
        k: v
        for k, v in offer_values(
            title="Opvasker i havnecaféen",
            type="LEISURE_JOB",
            hours_per_day="2",
            hours_per_week="10",
        ).items()
        if v is not None
    }
    data |= {
        "during_school_period": "on",
        "works_on_school_days": "on",
        "partner": str(world.partner_b.uuid),
    }
    assert secretariat.post(url, data).status_code == 302
    assert Offer.objects.get(title="Opvasker i havnecaféen").partner == world.partner_b


def test_young_person_applies_and_bad_input_is_refused_in_danish(world):
    offer = published_offer(world, min_age=15, max_age=17, min_grade=None, max_grade=None)
    young = client_as(world.users[Role.YOUNG_PERSON])
    # The page says so before a message is written, and offers no form.
    page = young.get(offer.get_absolute_url()).content.decode()
    assert "Du kan ikke søge dette tilbud" in page
    assert "Tilbuddet er for unge på 15-17 år; du er 14 år, når perioden begynder." in page
    assert "Send ansøgning" not in page
    # A request sent anyway (an old page) is refused with the same reason.
    response = young.post(
        reverse("marketplace:apply", kwargs={"uuid": offer.uuid}),
        {"period": str(offer.periods.get().uuid), "message": "Hej"},
    )
    assert response.status_code == 400
    assert "Tilbuddet er for unge på 15-17 år; du er 14 år" in response.content.decode()
    assert not Application.objects.exists()
    fitting = published_offer(world, title="For 14-årige")
    page = young.get(fitting.get_absolute_url()).content.decode()
    assert "Send ansøgning" in page
    assert "En forælder skal give samtykke" in page  # under 15


def test_apply_accept_and_both_see_the_status(world):
    offer = published_offer(world)
    young = client_as(world.users[Role.YOUNG_PERSON])
    response = young.post(
        reverse("marketplace:apply", kwargs={"uuid": offer.uuid}),
        {"period": str(offer.periods.get().uuid), "message": "Jeg glæder mig"},
    )
    application = Application.objects.get()
    assert response.status_code == 302 and application.status == Application.Status.AWAITING_CONSENT
    twice = young.post(
        reverse("marketplace:apply", kwargs={"uuid": offer.uuid}),
        {"period": str(offer.periods.get().uuid)},
    )
    assert "allerede en aktiv ansøgning" in twice.content.decode()
    guardian = client_as(world.users[Role.GUARDIAN])
    guardian.post(
        reverse("marketplace:application_consent", kwargs={"uuid": application.uuid}),
        {"given": "yes"},
    )
    partner = client_as(world.users[Role.PARTNER_CONTACT])
    assert "Asta" in partner.get(reverse("marketplace:inbox")).content.decode()
    partner.post(
        reverse("marketplace:application_accept", kwargs={"uuid": application.uuid}),
        {"answer_message": "Velkommen"},
    )
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    detail = reverse("marketplace:application_detail", kwargs={"uuid": application.uuid})
    for client in (young, partner):
        assert "Accepteret" in client.get(detail).content.decode()
    assert offer.title in young.get(reverse("portal:home")).content.decode()
    assert Activity.objects.filter(young_person=world.pupil_a).count() == 1


def test_decline_with_referral_through_the_page(world):
    application = requested(world)
    partner = client_as(world.users[Role.PARTNER_CONTACT])
    url = reverse("marketplace:application_decline", kwargs={"uuid": application.uuid})
    assert partner.post(url, {"reason": ""}).status_code == 400
    response = partner.post(
        url, {"reason": "NO_SEATS", "referred_partner": str(world.partner_b.uuid)}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    assert application.referred_partner == world.partner_b
    followup = client_as(world.users[Role.SECRETARIAT]).get(reverse("marketplace:followup"))
    assert application.offer.title not in followup.content.decode()


def test_staff_looking_at_an_application_is_logged(world):
    application = requested(world)
    before = AccessLogEntry.objects.filter(young_person=world.pupil_a, action="VIEW").count()
    teacher = client_as(world.users[Role.TEACHER])
    assert (
        teacher.get(
            reverse("marketplace:application_detail", kwargs={"uuid": application.uuid})
        ).status_code
        == 200
    )
    assert (
        AccessLogEntry.objects.filter(young_person=world.pupil_a, action="VIEW").count()
        == before + 1
    )


def test_coordinator_applies_on_behalf_of_a_pupil_in_scope(world):
    offer = published_offer(world)
    coordinator = client_as(world.users[Role.WORK_EXPERIENCE_COORDINATOR])
    page = coordinator.get(offer.get_absolute_url() + "?q=Asta").content.decode()
    assert "Asta Andersen" in page and "Bo Bertelsen" not in page
    assert AccessLogEntry.objects.filter(
        user=world.users[Role.WORK_EXPERIENCE_COORDINATOR], action="SEARCH"
    ).exists()
    url = reverse("marketplace:apply", kwargs={"uuid": offer.uuid})
    period = str(offer.periods.get().uuid)
    refused = coordinator.post(url, {"period": period, "young_person": str(world.pupil_b.uuid)})
    assert refused.status_code == 400 and not Application.objects.exists()
    assert (
        coordinator.post(
            url, {"period": period, "young_person": str(world.pupil_a.uuid)}
        ).status_code
        == 302
    )
    assert Application.objects.get().requested_by == world.users[Role.WORK_EXPERIENCE_COORDINATOR]


def test_inbox_query_count_does_not_grow_with_requests(world, django_assert_max_num_queries):
    offer = published_offer(world, min_grade=None, max_grade=None)
    requested(world, offer=offer)
    partner = client_as(world.users[Role.PARTNER_CONTACT])
    with django_assert_max_num_queries(12):
        partner.get(reverse("marketplace:inbox"))


def test_a_full_period_offers_no_accept_and_attendance_waits_for_the_start(world):
    from ..models import OfferPeriod

    application = application_of_pupil_a(world)
    application_consent(application=application, acting_user=world.users[Role.GUARDIAN], given=True)
    partner = client_as(world.users[Role.PARTNER_CONTACT])
    url = application.get_absolute_url()
    OfferPeriod.objects.filter(pk=application.period_id).update(seats=1, seats_taken=1)
    page = partner.get(url).content.decode()
    assert "Perioden er fuld, så I kan ikke acceptere" in page
    assert reverse("marketplace:application_accept", kwargs={"uuid": application.uuid}) not in page
    OfferPeriod.objects.filter(pk=application.period_id).update(seats=5, seats_taken=0)
    accept = reverse("marketplace:application_accept", kwargs={"uuid": application.uuid})
    assert partner.post(accept, {}).status_code == 302
    # The period begins in 14 days: no "Gennemført"/"Ikke mødt" yet, only cancelling (confirmed).
    page = partner.get(url).content.decode()
    assert 'value="completed"' not in page and "når forløbet er begyndt" in page
    assert 'name="confirm" id="confirm-cancel" required' in page
    OfferPeriod.objects.filter(pk=application.period_id).update(
        start_date=timezone.localdate() - timedelta(days=1)
    )
    assert 'value="completed"' in partner.get(url).content.decode()


def test_class_bookings_speak_of_the_class_not_a_young_person(world):
    from ..services.applications import booking_request

    offer = published_offer(
        world,
        type="COMPANY_VISIT",
        title="Besøg på fabrikken",
        hours_per_day=None,
        hours_per_week=None,
    )
    booking = booking_request(
        offer=offer,
        period=offer.periods.first(),
        school_class=world.class_a,
        acting_user=world.users[Role.TEACHER],
    )
    partner = client_as(world.users[Role.PARTNER_CONTACT])
    page = partner.get(booking.get_absolute_url()).content.decode()
    assert "henvis klassen til en anden garantipartner" in page
    assert "henvis den unge" not in page
    accept = reverse("marketplace:application_accept", kwargs={"uuid": booking.uuid})
    done = partner.post(accept, {}, follow=True).content.decode()
    assert "Bookingen er accepteret." in done
    teacher = client_as(world.users[Role.TEACHER])
    assert "Træk bookingen tilbage" in teacher.get(booking.get_absolute_url()).content.decode()


def test_a_young_persons_first_search_starts_from_their_age_and_home(world):
    near = published_offer(world, title="Praktik tæt på")
    young = client_as(world.users[Role.YOUNG_PERSON])
    response = young.get(reverse("marketplace:search"))
    form = response.context["form"]
    assert form.data["age"] == str(world.pupil_a.age)
    assert form.data["postal_code"] == world.pupil_a.postal_code
    page = response.content.decode()
    assert "Vi viser tilbud for din alder nær dit postnummer" in page
    assert near.title in page
    # Page links keep the filters; a search of their own replaces them.
    assert f"age={world.pupil_a.age}" in response.context["query_string"]
    own = young.get(reverse("marketplace:search"), {"q": "praktik"})
    assert "age" not in own.context["form"].data
    assert "Vi viser tilbud for din alder" not in own.content.decode()
    # Anyone else starts from everything.
    teacher = client_as(world.users[Role.TEACHER]).get(reverse("marketplace:search"))
    assert not teacher.context["form"].data


def test_decline_form_groups_partners_by_trade_and_my_offers_show_the_next_period(world):
    application = application_of_pupil_a(world)
    application_consent(application=application, acting_user=world.users[Role.GUARDIAN], given=True)
    partner = client_as(world.users[Role.PARTNER_CONTACT])
    page = partner.get(application.get_absolute_url()).content.decode()
    assert "Vælg en begrundelse" in page and "---------" not in page
    assert f'<optgroup label="{world.partner_b.get_sector_display()}">' in page
    assert (
        world.partner_a.name not in page.split('name="referred_partner"')[1].split("</select>")[0]
    )
    offers = partner.get(reverse("marketplace:partner_offers")).content.decode()
    start = application.period.start_date
    assert "Næste periode" in offers
    assert f"{start.day}. " in offers


def test_period_choices_say_seats_in_plain_danish(world):
    from ungegaranti.core.dates import format_date_range

    from .. import models
    from ..views.offer_detail import period_choices

    offer = published_offer(world, seats=1)
    ((_, label),) = period_choices(offer)
    assert label.endswith("(1 ledig plads)")
    period = offer.periods.get()
    assert label.startswith(format_date_range(period.start_date, period.end_date) + " (")
    models.OfferPeriod.objects.filter(offer=offer).update(seats=3)
    ((_, label),) = period_choices(offer)
    assert label.endswith("(3 ledige pladser)")
    visit = published_offer(
        world, seats=2, type="COMPANY_VISIT", hours_per_day=None, hours_per_week=None
    )
    ((_, label),) = period_choices(visit)
    assert label.endswith("(plads til 2 klasser)")


def test_each_breach_is_shown_beside_its_field_with_its_source(world):
    """Issue 15, bad input: an offer that breaks a rule cannot be published, and the partner
    sees each breach on its field with its source, in Danish."""
    user = world.users[Role.PARTNER_CONTACT]
    offer = offer_create(
        partner=world.partner_a,
        acting_user=user,
        **offer_values(min_age=15, light_work=False, break_minutes=0),
    )
    page = client_as(user).get(reverse("marketplace:offer_edit", kwargs={"uuid": offer.uuid}))
    html = page.content.decode()
    assert 'id="breach-light_work-1"' in html
    assert 'id="breach-break_minutes-1"' in html
    assert "15-17 år i grundskolen: kun let arbejde" in html
    assert "reglerne om lettere arbejde" in html  # the source, beside the breach
    assert "Elever må ikke arbejde i skoletiden" not in html  # erhvervspraktik replaces school
