"""The write services of identity. The login services act for no user (the broker vouched
for the identity; the event names the system); setting up TOTP is the person's own act, so
everyone else is refused. The table must name every public function of identity.services."""

import inspect

import pytest
from django.core.exceptions import PermissionDenied
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.identity import services

pytestmark = pytest.mark.django_db

CASES = {"totp_device_confirm": services.TOTP_CONFIRMED}
SYSTEM_ONLY = {"login_unilogin", "login_mitid", "login_mitid_erhverv", "login_kombit"}
NOT_WRITES = {"kombit_username"}


def test_every_write_service_has_a_row():
    public = {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }
    assert public - SYSTEM_ONLY - NOT_WRITES == set(CASES)


def _kwargs(world):
    key = random_hex(20)
    token = f"{TOTP(bytes.fromhex(key)).token():06d}"
    return {"user": world.users[Role.TEACHER], "key": key, "token": token}


def test_only_the_person_sets_up_their_own_totp(world):
    kwargs = _kwargs(world)
    for role in Role:
        if role == Role.TEACHER:
            continue
        with pytest.raises(PermissionDenied):
            services.totp_device_confirm(**kwargs, acting_user=world.users[role])
    with pytest.raises(PermissionDenied):
        services.totp_device_confirm(**kwargs, acting_user=None)
    assert not TOTPDevice.objects.exists()
    assert not AuditEvent.objects.filter(action=services.TOTP_CONFIRMED).exists()


def test_setting_up_totp_leaves_an_audit_event(world):
    teacher = world.users[Role.TEACHER]
    services.totp_device_confirm(**_kwargs(world), acting_user=teacher)
    event = AuditEvent.objects.get(action=services.TOTP_CONFIRMED)
    assert event.actor == teacher and event.municipality == world.municipality
    assert TOTPDevice.objects.get(user=teacher).confirmed
