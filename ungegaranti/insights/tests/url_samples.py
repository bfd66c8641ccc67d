"""Sample arguments for insight's URL patterns (core/tests/test_url_permissions.py)."""

URL_SAMPLES = {
    "insights:chart_csv": lambda world: {"key": "reached"},
    "insights:chart_xlsx": lambda world: {"key": "reached"},
    "insights:public_figures": lambda world: {"code": world.municipality.code},
}
