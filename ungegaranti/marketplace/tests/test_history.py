"""The "Historik" of an offer and of an application: who did what, shown to the secretariat on
its pages, and to no one else, in the words of the pages (field labels, choice labels)."""

from django.urls import reverse

from ungegaranti.core.roles import Role

from ..services.applications import application_accept, application_consent
from ..services.offers import offer_pause, offer_update
from ..services.periods import period_change
from .helpers import application_of_pupil_a, published_offer


def _offer_page(offer):
    return reverse("marketplace:offer_edit", kwargs={"uuid": offer.uuid})


def test_secretariat_reads_who_published_changed_and_paused_an_offer(world, client_for):
    partner = world.users[Role.PARTNER_CONTACT]
    offer = published_offer(world, title="Praktik som smed")
    offer_update(offer=offer, acting_user=partner, title="Praktik som klejnsmed")
    period = offer.periods.get()
    period_change(
        period=period,
        acting_user=partner,
        start_date=period.start_date,
        end_date=period.end_date,
        seats=8,
    )
    offer_pause(offer=offer, acting_user=world.users[Role.SECRETARIAT])

    page = client_for(Role.SECRETARIAT).get(_offer_page(offer) + f"?partner={offer.partner.uuid}")
    assert page.status_code == 200
    history = page.content.decode().split('id="history-heading"')[1]
    for text in (
        "Tilbud oprettet",
        "Periode tilføjet",
        "Tilbud offentliggjort",
        "Tilbud ændret",
        "Titel: Praktik som smed → Praktik som klejnsmed",
        "Periode ændret",
        "Pladser: 5 → 8",
        "Tilbud sat på pause",
        "Status: Offentliggjort → Sat på pause",
        "partner (Garantipartner-kontakt)",
        "sekretariat (Ungesekretariatet)",
    ):
        assert text in history, text
    # newest first: the pause was the last thing done
    assert history.index("Tilbud sat på pause") < history.index("Tilbud oprettet")


def test_partner_manages_the_offer_but_sees_no_history(world, client_for):
    offer = published_offer(world)
    page = client_for(Role.PARTNER_CONTACT).get(_offer_page(offer))
    assert page.status_code == 200
    assert "Historik" not in page.content.decode()


def test_secretariat_reads_who_consented_and_who_accepted_an_application(world, client_for):
    application = application_of_pupil_a(world)
    application_consent(application=application, acting_user=world.users[Role.GUARDIAN], given=True)
    application_accept(application=application, acting_user=world.users[Role.PARTNER_CONTACT])
    url = reverse("marketplace:application_detail", kwargs={"uuid": application.uuid})

    history = client_for(Role.SECRETARIAT).get(url).content.decode().split('id="history-heading"')
    assert len(history) == 2
    for text in (
        "Ansøgning sendt",
        "ung (Ung)",
        "Samtykke besvaret",
        "foraelder (Forælder/værge)",
        "Status: Afventer forældresamtykke → Afventer svar",
        "Ansøgning accepteret",
        "Status: Afventer svar → Accepteret",
    ):
        assert text in history[1], text

    for role in (Role.YOUNG_PERSON, Role.GUARDIAN, Role.PARTNER_CONTACT, Role.TEACHER):
        page = client_for(role).get(url)
        assert page.status_code == 200 and "Historik" not in page.content.decode(), role
