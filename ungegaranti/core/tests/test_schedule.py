from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from ungegaranti.core.jobs import job_handler
from ungegaranti.core.models import BackgroundJob, Municipality, ScheduledRun
from ungegaranti.core.schedule import SCHEDULE, Daily, Entry, Every, Monthly, schedule_run_due
from ungegaranti.core.worker import Worker

CPH = ZoneInfo("Europe/Copenhagen")


def at(*args):
    return datetime(*args, tzinfo=CPH)


# A Worker in this process beats from a thread with its own connection, whose writes commit:
# those tests run outside the test transaction, and the tables are emptied after them.
WORKER_THREADS = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plain_user(db):
    """A municipality and a login made with the ORM alone: a test outside the transaction must
    write nothing to the append-only tables (PostgreSQL's triggers keep them at teardown)."""
    from ungegaranti.core.models import Municipality, User

    municipality = Municipality.objects.create(code="999", name="Prøvekommune")
    return User.objects.create(username="sekretariat-x", municipality=municipality)


@job_handler("test-nightly")
def _nightly(job, progress):
    return {"slot": job.params["slot"]}


@pytest.fixture
def nightly(monkeypatch, settings):
    settings.JOBS_RUN_INLINE = False
    monkeypatch.setattr("ungegaranti.core.schedule.SCHEDULE", {})
    from ungegaranti.core import schedule

    schedule.SCHEDULE["test-nightly"] = Entry("test-nightly", Daily(at=time(2, 30)))
    return schedule.SCHEDULE


def test_a_daily_slot_starts_at_its_time_in_danish_time():
    daily = Daily(at=time(2, 30))
    assert daily.latest_slot(at(2026, 3, 10, 2, 29, 59)) == at(2026, 3, 9, 2, 30)
    assert daily.latest_slot(at(2026, 3, 10, 2, 30)) == at(2026, 3, 10, 2, 30)
    assert daily.latest_slot(at(2026, 3, 10, 23, 59)) == at(2026, 3, 10, 2, 30)


def test_a_monthly_slot_of_january_looks_back_to_december():
    monthly = Monthly(day=1, at=time(6, 0))
    assert monthly.latest_slot(at(2027, 1, 1, 5, 59)) == at(2026, 12, 1, 6, 0)
    assert monthly.latest_slot(at(2027, 1, 1, 6, 0)) == at(2027, 1, 1, 6, 0)
    with pytest.raises(ValueError):
        Monthly(day=29, at=time(6, 0))  # February has no 29th most years


def test_every_n_minutes_counts_from_midnight():
    assert Every(minutes=15).latest_slot(at(2026, 12, 2, 10, 44, 59)) == at(2026, 12, 2, 10, 30)
    assert Every(minutes=15).latest_slot(at(2026, 12, 2, 10, 45)) == at(2026, 12, 2, 10, 45)


def test_a_slot_is_started_once_with_one_job_per_municipality(world, nightly):
    municipalities = Municipality.objects.count()
    first = schedule_run_due(now=at(2026, 12, 2, 2, 31))
    again = schedule_run_due(now=at(2026, 12, 2, 14, 0))  # same slot, later that day
    assert [str(r) for r in first] == [f"test-nightly @ {at(2026, 12, 2, 2, 30).isoformat()}"]
    assert again == []
    run = ScheduledRun.objects.get()
    assert run.jobs_queued == municipalities == run.background_jobs.count()
    assert set(run.background_jobs.values_list("kind", flat=True)) == {"test-nightly"}
    # the next night is a new slot
    assert len(schedule_run_due(now=at(2026, 12, 3, 2, 30))) == 1
    assert ScheduledRun.objects.count() == 2


def test_a_worker_back_after_missed_nights_runs_only_the_latest(world, nightly):
    schedule_run_due(now=at(2026, 12, 1, 3, 0))
    schedule_run_due(now=at(2026, 12, 5, 9, 0))  # down for three nights
    assert [r.slot_at for r in ScheduledRun.objects.order_by("slot_at")] == [
        at(2026, 12, 1, 2, 30),
        at(2026, 12, 5, 2, 30),
    ]


def test_the_database_refuses_a_second_run_of_one_slot(db):
    slot = at(2026, 12, 2, 2, 30)
    ScheduledRun.objects.create(name="test-nightly", slot_at=slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledRun.objects.create(name="test-nightly", slot_at=slot)
    ScheduledRun.objects.create(name="test-nightly", slot_at=slot + timedelta(days=1))


def test_two_workers_at_one_slot_start_it_once(world, nightly):
    now = at(2026, 12, 2, 2, 31)
    assert len(schedule_run_due(now=now)) == 1
    # a second worker that looked before the first wrote its row hits the constraint
    from ungegaranti.core import schedule

    assert schedule._start(nightly["test-nightly"], at(2026, 12, 2, 2, 30)) is None
    assert ScheduledRun.objects.count() == 1


@WORKER_THREADS
def test_the_worker_runs_the_schedule_and_logs_each_run(plain_user, nightly):
    Worker(worker_id="w-sched", until_idle=True).run()
    run = ScheduledRun.objects.get()
    jobs = run.background_jobs.all()
    assert jobs and all(j.status == BackgroundJob.Status.SUCCEEDED for j in jobs)
    assert {datetime.fromisoformat(j.result["slot"]) for j in jobs} == {run.slot_at}


@WORKER_THREADS
def test_the_nightly_prune_deletes_only_finished_jobs_past_their_keeping(plain_user, settings):
    from django.utils import timezone

    from ungegaranti.core.jobs import job_enqueue

    settings.JOBS_RUN_INLINE = False
    settings.JOBS_KEEP_DAYS = 90
    assert isinstance(SCHEDULE["core.jobs_prune"].cadence, Daily)
    user = plain_user
    now = timezone.now()

    def job(status, days_ago):
        j = job_enqueue(kind="test-nightly", acting_user=user, params={"slot": ""})
        BackgroundJob.objects.filter(pk=j.pk).update(
            status=status, finished_at=now - timedelta(days=days_ago)
        )
        return j.pk

    old = job(BackgroundJob.Status.SUCCEEDED, 91)
    old_failed = job(BackgroundJob.Status.FAILED, 91)
    recent = job(BackgroundJob.Status.SUCCEEDED, 89)
    waiting = job(BackgroundJob.Status.QUEUED, 91)
    prune = job_enqueue(kind="core.jobs_prune", municipality=user.municipality)
    Worker(worker_id="w-prune", until_idle=True, run_schedule=False).run()
    left = set(BackgroundJob.objects.values_list("pk", flat=True))
    assert old not in left and old_failed not in left
    assert {recent, waiting, prune.pk} <= left
