from django.urls import path

from .views import applications, followup, inbox, offer_detail, partner
from .views import search as search_views

app_name = "marketplace"
urlpatterns: list = [
    path("tilbud/", search_views.search, name="search"),
    # Offers (public page; management for partner contacts and the secretariat).
    path("tilbud/<uuid:uuid>/", offer_detail.offer_detail, name="offer_detail"),
    path("tilbud/<uuid:uuid>/ansoeg/", applications.apply, name="apply"),
    path("tilbud/<uuid:uuid>/book/", applications.book, name="book"),
    path("mine-tilbud/", partner.partner_offers, name="partner_offers"),
    path("mine-tilbud/nyt/", partner.offer_create_view, name="offer_create"),
    path("mine-tilbud/<uuid:uuid>/", partner.offer_edit, name="offer_edit"),
    path("mine-tilbud/<uuid:uuid>/status/", partner.offer_status, name="offer_status"),
    path("mine-tilbud/<uuid:uuid>/perioder/", partner.period_add_view, name="period_add"),
    path("perioder/<uuid:uuid>/", partner.period_edit, name="period_edit"),
    # Applications and bookings.
    path("indbakke/", inbox.inbox, name="inbox"),
    path("ansoegninger/", applications.application_list, name="application_list"),
    path("ansoegninger/<uuid:uuid>/", applications.application_detail, name="application_detail"),
    path("ansoegninger/<uuid:uuid>/samtykke/", applications.consent, name="application_consent"),
    path(
        "ansoegninger/<uuid:uuid>/traek-tilbage/",
        applications.withdraw,
        name="application_withdraw",
    ),
    path("ansoegninger/<uuid:uuid>/accepter/", applications.accept, name="application_accept"),
    path("ansoegninger/<uuid:uuid>/afvis/", applications.decline, name="application_decline"),
    path("ansoegninger/<uuid:uuid>/aflys/", applications.cancel, name="application_cancel"),
    path("ansoegninger/<uuid:uuid>/afslut/", applications.outcome, name="application_outcome"),
    # The secretariat's follow-up list (no wrong door).
    path("opfoelgning/", followup.followup, name="followup"),
    path(
        "ansoegninger/<uuid:uuid>/opfoelgning/",
        followup.followup_resolve,
        name="followup_resolve",
    ),
]
