"""The last seat can never be given twice: 50 partner answers at once for a period with 5 seats.

The concurrent test needs PostgreSQL (real row locks; SQLite serialises writers). CI runs the
suite on PostgreSQL too: DATABASE_URL=postgres://... pytest -m postgres.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import born_aged
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.services import young_person_upsert
from ungegaranti.plans.models import Activity

from ..models import Application
from ..services.applications import application_accept, application_request
from .helpers import published_offer

SEATS, REQUESTS, ROUNDS = 5, 50, 20


def _young_people(world, count):
    born = born_aged(16)
    return [
        young_person_upsert(
            municipality=world.municipality,
            acting_user=None,
            cpr=synthetic_cpr(born, serial, male=serial % 2 == 1),
            first_name=f"Ung{serial}",
            last_name="Kø",
            postal_code="9800",
        )[0]
        for serial in range(count)
    ]


def _requests(world, people, title):
    offer = published_offer(world, seats=SEATS, title=title, min_grade=None, max_grade=None)
    period = offer.periods.get()
    return period, [
        application_request(
            offer=offer, period=period, young_person=p, acting_user=world.users[Role.SECRETARIAT]
        )
        for p in people
    ]


def _accept(application, partner_user, barrier, lock, outcomes):
    """One partner answer in its own thread, with its own database connection."""
    try:
        barrier.wait()
        application_accept(application=application, acting_user=partner_user)
        result = "accepted"
    except ValidationError as error:
        result = "full" if "ikke flere ledige pladser" in error.messages[0] else repr(error)
    except Exception as error:  # noqa: BLE001  (reported in the test's assertion)
        result = repr(error)
    finally:
        connections.close_all()
    with lock:
        outcomes.append(result)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_accepts_give_exactly_five_seats(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite has no concurrent row locks")
    partner_user = world.users[Role.PARTNER_CONTACT]
    people = _young_people(world, REQUESTS)
    for round_no in range(ROUNDS):
        period, applications = _requests(world, people, f"Fritidsjob runde {round_no}")
        barrier = threading.Barrier(REQUESTS)
        outcomes: list[str] = []
        lock = threading.Lock()

        threads = [
            threading.Thread(target=_accept, args=(a, partner_user, barrier, lock, outcomes))
            for a in applications
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        period.refresh_from_db()
        accepted = Application.objects.filter(period=period, status=Application.Status.ACCEPTED)
        assert sorted(set(outcomes)) == ["accepted", "full"], outcomes
        assert outcomes.count("accepted") == SEATS, f"round {round_no}"
        assert accepted.count() == SEATS
        assert period.seats_taken == SEATS <= period.seats  # 0 oversold
        assert (
            Activity.objects.filter(
                source_key__in=[f"application:{a.uuid}" for a in accepted]
            ).count()
            == SEATS
        )
        # the applications that lost the race are still requests, not lost
        assert (
            Application.objects.filter(period=period, status=Application.Status.REQUESTED).count()
            == REQUESTS - SEATS
        )


def test_sequentially_the_sixth_accept_is_refused(world):
    partner_user = world.users[Role.PARTNER_CONTACT]
    period, applications = _requests(world, _young_people(world, 6), "Fritidsjob")
    for application in applications[:5]:
        application_accept(application=application, acting_user=partner_user)
    with pytest.raises(ValidationError) as error:
        application_accept(application=applications[5], acting_user=partner_user)
    assert "Der er ikke flere ledige pladser i perioden" in error.value.messages[0]
    period.refresh_from_db()
    assert period.seats_taken == 5
