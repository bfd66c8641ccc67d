"""Sample URL arguments for the authorization-matrix test (see docs/permissions.md).

Each app may have tests/url_samples.py with URL_SAMPLES: URL name -> function(world) -> kwargs.
"""

from ungegaranti.core.jobs import job_enqueue
from ungegaranti.core.roles import Role


def _job(world):
    from django.db import transaction

    with transaction.atomic():  # the job's own run is not what is tested here
        job = job_enqueue(kind="test-noop", acting_user=world.users[Role.SECRETARIAT])
    return {"uuid": job.uuid}


def _hold(world):
    from ungegaranti.core.retention import legal_hold_place

    hold = legal_hold_place(
        obj=world.pupil_a,
        reason="Klage under behandling",
        acting_user=world.users[Role.SECRETARIAT],
    )
    return {"uuid": hold.uuid}


URL_SAMPLES = {
    "core:job_status": _job,
    "core:retention_rule": lambda world: {"kind": "notifications.notification"},
    "core:legal_hold_release": _hold,
}
