"""Allocation runs as background jobs: the coordinator's button queues them, the worker solves,
and a second attempt of the same job never makes the runs twice."""

from datetime import timedelta

from django.urls import reverse

from ungegaranti.core.jobs import job_claim, job_run
from ungegaranti.core.models import BackgroundJob
from ungegaranti.core.roles import Role

from ..models import Run
from ..services import round_close
from .helpers import open_round, pupil, wish, wp_offer

COORDINATOR = Role.WORK_EXPERIENCE_COORDINATOR
LEASE = timedelta(seconds=30)


def _closed(world):
    round = open_round(world, offers={wp_offer(world, "Smed"): 1})
    wish(world, round, pupil(world, "Otto", 11), "Smed")
    return round_close(round=round, acting_user=world.users[COORDINATOR])


def test_the_run_button_queues_a_job_the_worker_solves_once(world, client_for, settings):
    settings.JOBS_RUN_INLINE = False
    round = _closed(world)
    client = client_for(COORDINATOR)
    response = client.post(reverse("placement:run_create", kwargs={"uuid": round.uuid}))
    job = BackgroundJob.objects.get(kind="placement.runs")
    assert response.url == reverse("core:job_status", kwargs={"uuid": job.uuid})
    assert not Run.objects.exists()
    assert "I kø" in client.get(response.url).content.decode()

    job = job_run(job_claim(worker_id="w1", lease=LEASE), worker_id="w1")
    assert job.status == BackgroundJob.Status.SUCCEEDED
    assert sorted(Run.objects.values_list("mechanism", flat=True)) == ["lottery", "optimal"]
    # done: the status page takes the coordinator to the round's runs
    after = client.get(reverse("core:job_status", kwargs={"uuid": job.uuid}))
    assert after.url == f"{round.get_absolute_url()}#koersler"

    # the worker died after committing but before it recorded the end: run again, no new runs
    BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.QUEUED)
    again = job_run(job_claim(worker_id="w2", lease=LEASE), worker_id="w2")
    assert again.status == BackgroundJob.Status.SUCCEEDED
    assert Run.objects.count() == 2


def test_a_round_not_closed_is_not_queued(world, client_for):
    round = open_round(world, offers={wp_offer(world, "Smed"): 1})
    response = client_for(COORDINATOR).post(
        reverse("placement:run_create", kwargs={"uuid": round.uuid}), follow=True
    )
    assert "Runden skal være lukket for ønsker" in response.content.decode()
    assert not BackgroundJob.objects.exists()
