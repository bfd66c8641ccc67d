"""Sample arguments for insight's URL patterns (core/tests/test_url_permissions.py)."""

from ungegaranti.core.roles import Role

URL_SAMPLES = {
    "insights:chart_csv": lambda world: {"key": "reached"},
    "insights:chart_xlsx": lambda world: {"key": "reached"},
    "insights:public_figures": lambda world: {"code": world.municipality.code},
}


def _export(world):
    from .research_helpers import export_of, register_project

    return export_of(register_project(world), world.users[Role.RESEARCHER])


URL_SAMPLES.update(
    {
        "insights:research_export_request": lambda world: {
            "uuid": _project(world).uuid,
        },
        "insights:research_export_download": lambda world: {"uuid": _export(world).uuid},
    }
)


def _project(world):
    from .research_helpers import register_project

    return register_project(world)
