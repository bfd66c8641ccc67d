"""manage.py demo_calendar [--if-empty]: the demo municipality's annual wheel for the current
school year, with its events and the partners taking part. Refused under production settings.
Run it after demo_municipality."""

from typing import Any

from django.db import transaction

from ungegaranti.core.models import Municipality
from ungegaranti.demo.calendar import demo_calendar_build, demo_calendar_is_loaded
from ungegaranti.demo.commands import DemoPartCommand


class Command(DemoPartCommand):
    help = (
        "Byg demo-årshjulet: et helt skoleår med U&J-uger, praktikrunder, messer og Hjørring LIVE."
    )
    part = "demo calendar"
    loaded_help = "events"
    already_loaded = "Kommunen har allerede et årshjul. / The municipality has a wheel."
    seeded = False

    def is_loaded(self, municipality: Municipality) -> bool:
        return demo_calendar_is_loaded(municipality)

    def build(self, municipality: Municipality, options: dict[str, Any]) -> str:
        with transaction.atomic():
            result = demo_calendar_build(municipality=municipality)
        return f"{result.items} punkter, {result.events} arrangementer"
