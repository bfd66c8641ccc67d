URL_SAMPLES = {"plans:young_person_detail": lambda world: {"uuid": world.pupil_a.uuid}}
