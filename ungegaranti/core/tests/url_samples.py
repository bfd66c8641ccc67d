"""Sample URL arguments for the authorization-matrix test (see docs/permissions.md).

Each app may have tests/url_samples.py with URL_SAMPLES: URL name -> function(world) -> kwargs.
"""

from ungegaranti.core.jobs import job_enqueue
from ungegaranti.core.models import AccessReviewFlag
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


def _review_flag(world):
    """Last month's review (empty in the test world) with one flag on the teacher."""
    from django.utils import timezone

    from ungegaranti.core.access_review import access_review_build, previous_month

    teacher = world.users[Role.TEACHER]
    review = access_review_build(
        municipality=world.municipality, month=previous_month(timezone.localdate())
    )
    return review, AccessReviewFlag.objects.create(
        municipality=world.municipality,
        review=review,
        kind=AccessReviewFlag.Kind.DENIED,
        user=teacher,
        username=teacher.username,
        role=teacher.role,
        count=1,
        first_at=timezone.now(),
        last_at=timezone.now(),
    )


URL_SAMPLES = {
    "core:access_review": lambda world: {"uuid": _review_flag(world)[0].uuid},
    "core:access_review_flag": lambda world: {"uuid": _review_flag(world)[1].uuid},
    "core:job_status": _job,
    "core:retention_rule": lambda world: {"kind": "notifications.notification"},
    "core:legal_hold_release": _hold,
}
