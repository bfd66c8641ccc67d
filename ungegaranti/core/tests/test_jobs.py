import logging

from ungegaranti.core.jobs import job_enqueue, job_handler
from ungegaranti.core.models import BackgroundJob
from ungegaranti.core.roles import Role


@job_handler("test-crash")
def _crash(job, progress):
    raise ValueError("row 7: 010203-4567 is odd")


def test_a_crashed_job_ends_failed_and_logs_no_row_values(
    world, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="test-crash", acting_user=world.users[Role.SECRETARIAT])
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED and job.error == "ValueError"
    assert "ValueError" in caplog.text
    assert "010203" not in caplog.text and "4567" not in caplog.text
