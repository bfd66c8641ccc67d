"""Applying or booking twice at once makes one request (issue 16): ten clicks on "Ansøg" or
"Book" arriving together, each in its own thread with its own database connection and
transaction, leave exactly one active application (or booking) and one audit event; the others are told, in Danish, that there already is one. PostgreSQL only (real
concurrent transactions; SQLite serialises writers)."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.plans.models import ActivityKind

from ..models import Application
from ..services.applications import (
    APPLICATION_REQUEST,
    BOOKING_REQUEST,
    application_request,
    booking_request,
)
from .helpers import published_offer

CLICKS = 10

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite has no concurrent writers")


def _at_once(call: Callable[[], Any]) -> list[str]:
    """`call` in CLICKS threads released together; what each got."""
    barrier, lock, outcomes = threading.Barrier(CLICKS), threading.Lock(), []

    def click() -> None:
        try:
            barrier.wait()
            call()
            result = "made"
        except ValidationError as error:
            result = "already" if "allerede en aktiv" in error.messages[0] else repr(error)
        except Exception as error:  # noqa: BLE001  (reported in the test's assertion)
            result = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=click) for _ in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_a_young_person_applying_ten_times_at_once_has_one_application(world):
    offer = published_offer(world, min_grade=None, max_grade=None)
    period = offer.periods.get()
    outcomes = _at_once(
        lambda: application_request(
            offer=offer,
            period=period,
            young_person=world.pupil_a,
            acting_user=world.users[Role.YOUNG_PERSON],
            message="Jeg vil gerne være smed.",
        )
    )
    assert sorted(outcomes) == ["already"] * (CLICKS - 1) + ["made"], outcomes
    active = Application.objects.filter(
        offer=offer, young_person=world.pupil_a, status__in=Application.ACTIVE
    )
    assert active.count() == 1
    assert AuditEvent.objects.filter(action=APPLICATION_REQUEST).count() == 1


def test_a_class_booked_ten_times_at_once_has_one_booking(world):
    offer = published_offer(
        world,
        type=ActivityKind.COMPANY_VISIT,
        title="Besøg på fabrikken",
        hours_per_day=None,
        hours_per_week=None,
    )
    period = offer.periods.get()
    outcomes = _at_once(
        lambda: booking_request(
            offer=offer,
            period=period,
            school_class=world.class_a,
            acting_user=world.users[Role.TEACHER],
        )
    )
    assert sorted(outcomes) == ["already"] * (CLICKS - 1) + ["made"], outcomes
    bookings = Application.objects.filter(
        offer=offer, school_class=world.class_a, status__in=Application.ACTIVE
    )
    assert bookings.count() == 1
    assert AuditEvent.objects.filter(action=BOOKING_REQUEST).count() == 1
    period.refresh_from_db()
    assert period.seats_taken == 0  # a request takes no seat until the partner accepts
