URL_SAMPLES = {"partners:public_detail": lambda world: {"uuid": world.partner_a.uuid}}
