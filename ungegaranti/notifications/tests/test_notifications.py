from django.core import mail

from ungegaranti.core.roles import Role
from ungegaranti.notifications.models import Notification
from ungegaranti.notifications.services import notify


def test_notify_writes_an_in_app_message_and_mails_after_commit(
    world, client_for, django_capture_on_commit_callbacks
):
    teacher = world.users[Role.TEACHER]
    teacher.email = "laerer@example.org"
    teacher.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=teacher, subject="Ny booking", body="Klassen er booket", link="/")
        assert len(mail.outbox) == 0  # nothing leaves before the commit
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["laerer@example.org"]
    page = client_for(Role.TEACHER).get("/beskeder/").content.decode()
    assert "Ny booking" in page
    client_for(Role.TEACHER).post("/beskeder/laest/")
    assert Notification.objects.get().read_at is not None


def test_a_user_sees_only_their_own_messages(world, client_for):
    notify(recipient=world.users[Role.TEACHER], subject="Til læreren")
    assert "Til læreren" not in client_for(Role.SECRETARIAT).get("/beskeder/").content.decode()
