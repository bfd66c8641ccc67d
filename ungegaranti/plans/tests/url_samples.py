from ungegaranti.plans.models import ActivityKind
from ungegaranti.plans.services import activity_record


def _activity(world):
    activity = activity_record(
        young_person=world.pupil_a,
        acting_user=None,
        kind=ActivityKind.COMPANY_VISIT,
        title="Besøg på fabrikken",
        source_key="url-sample:visit",
        partner=world.partner_a,
    )
    return {"uuid": activity.uuid}


URL_SAMPLES = {
    "plans:young_person_detail": lambda world: {"uuid": world.pupil_a.uuid},
    "plans:young_person_hold": lambda world: {"uuid": world.pupil_a.uuid},
    "plans:record": lambda world: {"uuid": world.pupil_a.uuid},
    "plans:plan": lambda world: {"uuid": world.pupil_a.uuid},
    "plans:plan_pdf": lambda world: {"uuid": world.pupil_a.uuid},
    "plans:transition": lambda world: {"uuid": world.pupil_a.uuid},
    "plans:activity_new": lambda world: {"uuid": world.pupil_a.uuid},
    "plans:activity_detail": _activity,
    "plans:class_activities": lambda world: {"uuid": world.class_a.uuid},
}
