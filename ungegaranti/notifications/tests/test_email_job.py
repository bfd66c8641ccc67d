from datetime import timedelta

import pytest
from django.core import mail

from ungegaranti.core.jobs import job_claim, job_run
from ungegaranti.core.models import BackgroundJob
from ungegaranti.core.roles import Role
from ungegaranti.notifications.services import notify

LEASE = timedelta(seconds=30)


@pytest.fixture
def queue_only(settings):
    settings.JOBS_RUN_INLINE = False


def test_a_notification_email_is_a_job_sent_once(world, queue_only):
    user = world.users[Role.TEACHER]
    user.email = "laerer@example.org"
    user.save()
    notification = notify(recipient=user, subject="Nyt ønske", body="Se det", link="/x/")
    assert mail.outbox == []
    job = BackgroundJob.objects.get(kind="notifications.email")
    assert job.params == {"notification": notification.pk} and job.created_by is None
    job_run(job_claim(worker_id="w1", lease=LEASE), worker_id="w1")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["laerer@example.org"]
    # run again (a worker died after sending): nothing more is sent
    BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.QUEUED)
    job_run(job_claim(worker_id="w2", lease=LEASE), worker_id="w2")
    assert len(mail.outbox) == 1
