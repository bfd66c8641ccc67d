"""The worker process: takes background jobs off the queue, one at a time, and runs them.

Run as `manage.py worker`. Several workers may run side by side (a claim is a conditional
UPDATE). A thread touches the worker's heartbeat row and renews the lease of the job it runs;
when a worker dies (SIGKILL, power loss) its lease runs out and the next worker runs the job
again. When the database is away the loop waits and tries again instead of dying.
"""

import logging
import os
import signal
import socket
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from .jobs import job_claim, job_run, jobs_renew_lease
from .models import WorkerHeartbeat
from .schedule import schedule_run_due

logger = logging.getLogger(__name__)


class Worker:
    def __init__(
        self,
        *,
        worker_id: str | None = None,
        poll_seconds: float = 1.0,
        max_jobs: int | None = None,
        until_idle: bool = False,
        run_schedule: bool = True,
    ):
        self.worker_id = worker_id or uuid.uuid4().hex
        self.lease = timedelta(seconds=settings.JOBS_LEASE_SECONDS)
        self.poll_seconds = poll_seconds
        self.max_jobs = max_jobs
        self.until_idle = until_idle
        self.run_schedule = run_schedule
        self.jobs_run = 0
        self._schedule_looked_at = 0.0
        self._stopping = threading.Event()

    def stop(self, *_: Any) -> None:
        """SIGTERM/SIGINT: finish the job at hand, then leave."""
        logger.info("worker %s stopping after the current job", self.worker_id)
        self._stopping.set()

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        logger.info("worker %s started (pid %d)", self.worker_id, os.getpid())
        beat = threading.Thread(target=self._heartbeat_loop, daemon=True)
        beat.start()
        try:
            while not self._stopping.is_set():
                outcome = self._step()
                if outcome == "idle":
                    if self.until_idle:
                        break
                    self._stopping.wait(self.poll_seconds)
                if self.max_jobs is not None and self.jobs_run >= self.max_jobs:
                    break
        finally:
            self._stopping.set()
            beat.join(timeout=5)
            self._forget_heartbeat()
        logger.info("worker %s stopped after %d jobs", self.worker_id, self.jobs_run)
        return self.jobs_run

    def _step(self) -> str:
        """One round: the schedule (every SCHEDULE_LOOK_SECONDS), then at most one job.
        "ran", "idle" (nothing to do) or "unavailable" (the database refused; a worker told
        to stop when idle tries again rather than leave work behind)."""
        close_old_connections()
        try:
            if (
                self.run_schedule
                and time.monotonic() - self._schedule_looked_at >= settings.SCHEDULE_LOOK_SECONDS
            ):
                self._schedule_looked_at = time.monotonic()
                schedule_run_due()
            pk = job_claim(worker_id=self.worker_id, lease=self.lease)
            if pk is None:
                return "idle"
            job_run(pk, worker_id=self.worker_id)
        except DatabaseError as exc:
            # The database is away (restart, failover): drop the connection and wait. A job
            # half-way stays RUNNING under its lease and is taken again once it has run out.
            logger.warning(
                "worker %s: database unavailable (%s)", self.worker_id, type(exc).__name__
            )
            connection.close()
            self._stopping.wait(min(5.0, self.poll_seconds * 5))
            return "unavailable"
        self.jobs_run += 1
        return "ran"

    def _heartbeat_loop(self) -> None:
        interval = max(0.2, settings.JOBS_LEASE_SECONDS / 3)
        while True:
            try:
                self._beat()
            except DatabaseError:
                connection.close()
            if self._stopping.wait(interval):
                break
        connection.close()

    def _beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:200],
                "pid": os.getpid(),
                "seen_at": timezone.now(),
            },
        )
        jobs_renew_lease(worker_id=self.worker_id, lease=self.lease)

    def _forget_heartbeat(self) -> None:
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            pass


def workers_alive(*, within: timedelta | None = None) -> int:
    """How many workers beat recently: readiness and the metrics ask this."""
    within = within or timedelta(seconds=settings.JOBS_LEASE_SECONDS * 2)
    return WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - within).count()
