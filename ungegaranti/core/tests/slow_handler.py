"""A job handler for the worker tests that run real worker processes: it takes its time, so a
test can kill the worker half-way, and it is idempotent (it only counts)."""

import time

from ungegaranti.core.jobs import job_handler


@job_handler("test-slow")
def slow(job, progress):
    steps = job.params.get("steps", 10)
    for step in range(steps):
        progress(step, steps)
        time.sleep(job.params.get("sleep", 0.2))
    progress(steps, steps)
    return {"steps": steps, "attempt": job.attempts}
