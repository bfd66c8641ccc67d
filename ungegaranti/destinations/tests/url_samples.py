URL_SAMPLES = {"destinations:follow_up": lambda world: {"uuid": world.adult.uuid}}
