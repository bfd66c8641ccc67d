def _self_report(world):
    from ungegaranti.core.roles import Role
    from ungegaranti.destinations.services import self_report_send

    _invitation, token = self_report_send(
        young_person=world.adult,
        email="carl@example.org",
        acting_user=world.users[Role.GUIDANCE_COUNSELLOR],
    )
    return {"token": token}


URL_SAMPLES = {
    "destinations:follow_up": lambda world: {"uuid": world.adult.uuid},
    "destinations:self_report": _self_report,
}
