"""The secretariat holds a young person's record back from the retention rules."""

from django.urls import reverse

from ungegaranti.core.models import AccessLogEntry, AuditEvent, LegalHold
from ungegaranti.core.retention import legal_holds_on
from ungegaranti.core.roles import Role


def test_the_secretariat_places_a_hold_from_the_young_persons_page(world, client_for):
    client = client_for(Role.SECRETARIAT)
    url = reverse("plans:young_person_hold", args=[world.pupil_a.uuid])
    page = client.get(reverse("plans:young_person_detail", args=[world.pupil_a.uuid]))
    assert "Hold oplysningerne tilbage" in page.content.decode()

    assert client.post(url, {"reason": " "}).status_code == 302
    assert not LegalHold.objects.exists()
    assert client.post(url, {"reason": "Klage til Ankestyrelsen"}).status_code == 302
    hold = legal_holds_on(obj=world.pupil_a).get()
    assert hold.reason == "Klage til Ankestyrelsen"
    assert AuditEvent.objects.filter(action="core.legal_hold.place").exists()
    assert AccessLogEntry.objects.filter(
        young_person=world.pupil_a, purpose="Retligt tilbagehold"
    ).exists()
    page = client.get(reverse("plans:young_person_detail", args=[world.pupil_a.uuid]))
    assert "Holdes tilbage siden" in page.content.decode()


def test_only_the_secretariat_holds_and_a_teacher_sees_no_hold_form(world, client_for):
    url = reverse("plans:young_person_hold", args=[world.pupil_a.uuid])
    teacher = client_for(Role.TEACHER)
    assert teacher.post(url, {"reason": "x"}).status_code == 403
    page = teacher.get(reverse("plans:young_person_detail", args=[world.pupil_a.uuid]))
    assert "Hold oplysningerne tilbage" not in page.content.decode()
    assert not LegalHold.objects.exists()
