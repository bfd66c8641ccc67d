"""The notifications' write services ask their policy themselves and leave an audit event; a
new public service without a row fails `test_every_write_service_has_a_row`."""

import inspect

import pytest
from django.core.exceptions import PermissionDenied

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.notifications import services
from ungegaranti.notifications.models import Notification

# `notify` delivers another service's news inside that service's transaction; its caller's
# policy and audit event cover it (see the module's docstring).
DELIVERY_ONLY = {"notify"}
ROWS = {"notifications_mark_read"}


def test_every_write_service_has_a_row():
    public = {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }
    assert public - DELIVERY_ONLY == ROWS


def test_only_the_recipient_marks_their_messages_read_and_it_is_audited(world):
    teacher = world.users[Role.TEACHER]
    services.notify(recipient=teacher, subject="Ny booking")
    for role, user in world.users.items():
        if role == Role.TEACHER:
            continue
        with pytest.raises(PermissionDenied):
            services.notifications_mark_read(recipient=teacher, acting_user=user)
    assert Notification.objects.get().read_at is None
    assert not AuditEvent.objects.filter(action=services.NOTIFICATIONS_MARK_READ).exists()

    assert services.notifications_mark_read(recipient=teacher, acting_user=teacher) == 1
    event = AuditEvent.objects.get(action=services.NOTIFICATIONS_MARK_READ)
    assert event.actor == teacher and event.changes == {"read": [None, 1]}
    assert Notification.objects.get().read_at is not None
