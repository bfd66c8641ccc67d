URL_SAMPLES = {
    "portal:my_data_json": lambda world: {"uuid": world.pupil_a.uuid},
    "portal:my_data_pdf": lambda world: {"uuid": world.pupil_a.uuid},
}
