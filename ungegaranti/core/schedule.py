"""Scheduled jobs: a schedule kept in code, run by the worker, once per slot.

An app registers a scheduled job with one decorator in its tasks.py:

    @scheduled_job("people.retention", Daily(at=time(2, 30)))
    def retention(job, progress): ...

At each slot (here 02:30 Danish time every day) the worker writes one ScheduledRun row for
(job, slot) - a unique constraint, so of several workers only one gets it - and queues one
BackgroundJob per municipality, which runs like any other job (retries, recovery, progress).
A worker that was down at a slot runs the latest missed slot when it comes back, not all of them.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .jobs import Handler, job_enqueue, job_handler
from .models import Municipality, ScheduledRun

logger = logging.getLogger(__name__)


class Cadence(Protocol):
    def latest_slot(self, now: datetime) -> datetime:
        """The start of the slot that `now` (local time) falls in."""

    def describe(self) -> str: ...


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(settings.TIME_ZONE))


@dataclass(frozen=True)
class Daily:
    at: time

    def latest_slot(self, now: datetime) -> datetime:
        today = _local(now.date(), self.at)
        return today if now >= today else _local(now.date() - timedelta(days=1), self.at)

    def describe(self) -> str:
        return f"daily at {self.at:%H:%M}"


@dataclass(frozen=True)
class Monthly:
    day: int
    at: time

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 28:
            raise ValueError("a monthly job runs on day 1 to 28, which every month has")

    def latest_slot(self, now: datetime) -> datetime:
        this_month = _local(now.date().replace(day=self.day), self.at)
        if now >= this_month:
            return this_month
        year, month = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
        return _local(date(year, month, self.day), self.at)

    def describe(self) -> str:
        return f"monthly on day {self.day} at {self.at:%H:%M}"


@dataclass(frozen=True)
class Every:
    minutes: int

    def latest_slot(self, now: datetime) -> datetime:
        midnight = _local(now.date(), time(0))
        passed = int((now - midnight).total_seconds() // 60)
        return midnight + timedelta(minutes=passed - passed % self.minutes)

    def describe(self) -> str:
        return f"every {self.minutes} minutes"


@dataclass(frozen=True)
class Entry:
    name: str
    cadence: Cadence


SCHEDULE: dict[str, Entry] = {}


def scheduled_job(name: str, cadence: Cadence) -> Any:
    """Register `handler` as the job kind `name` and run it at every slot of `cadence`."""

    def register(handler: Handler) -> Handler:
        if name in SCHEDULE:
            raise ValueError(f"scheduled job {name!r} is registered twice")
        SCHEDULE[name] = Entry(name, cadence)
        return job_handler(name)(handler)

    return register


def schedule_run_due(*, now: datetime | None = None) -> list[ScheduledRun]:
    """Start every scheduled job whose latest slot has not been started yet."""
    now = timezone.localtime(now or timezone.now())
    started = []
    for entry in SCHEDULE.values():
        slot = entry.cadence.latest_slot(now)
        if ScheduledRun.objects.filter(name=entry.name, slot_at=slot).exists():
            continue
        run = _start(entry, slot)
        if run is not None:
            started.append(run)
    return started


def _start(entry: Entry, slot: datetime) -> ScheduledRun | None:
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(name=entry.name, slot_at=slot)
            municipalities = list(Municipality.objects.all())
            for municipality in municipalities:
                job_enqueue(
                    kind=entry.name,
                    municipality=municipality,
                    params={"slot": slot.isoformat()},
                    scheduled_run=run,
                )
            ScheduledRun.objects.filter(pk=run.pk).update(jobs_queued=len(municipalities))
    except IntegrityError:
        return None  # another worker took this slot a moment ago
    logger.info("scheduled job %s: slot %s started", entry.name, slot.isoformat())
    return run
