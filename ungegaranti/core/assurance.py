"""NSIS levels of assurance (sikringsniveau) and the rule that pages with sensitive data need
Substantial (Betydelig): the support-track flag, a CPR, a plan.

A login through a broker records the level it asserted in the session (SESSION_KEY). A session
without one came through the local password login: its level is settings.LOCAL_LOGIN_NSIS_LEVEL
(Low in production; the demo treats its password logins as Substantial so every page can be
tried).
"""

from collections.abc import Callable
from enum import IntEnum
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "nsis_level"


class Level(IntEnum):
    LOW = 1
    SUBSTANTIAL = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self])


LEVEL_LABELS = {Level.LOW: _("Lav"), Level.SUBSTANTIAL: _("Betydelig"), Level.HIGH: _("Høj")}

_NAMES = {
    "low": Level.LOW,
    "lav": Level.LOW,
    "substantial": Level.SUBSTANTIAL,
    "betydelig": Level.SUBSTANTIAL,
    "high": Level.HIGH,
    "høj": Level.HIGH,
}


def level_from_claim(value: Any) -> Level | None:
    """'Substantial', 'https://data.gov.dk/concept/core/nsis/loa/Substantial', '2' -> Level;
    anything else -> None (an unknown level is no level)."""
    text = str(value or "").strip().rstrip("/").rsplit("/", 1)[-1].lower()
    if text in _NAMES:
        return _NAMES[text]
    if text.isdigit() and int(text) in {level.value for level in Level}:
        return Level(int(text))
    return None


def session_level(request: HttpRequest) -> Level:
    stored = request.session.get(SESSION_KEY)
    if stored is not None:
        return Level(int(stored))
    return Level[settings.LOCAL_LOGIN_NSIS_LEVEL]


def substantial_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Refuse a session below Substantial with a page that says why and how to go on."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        level = session_level(request)
        if request.user.is_authenticated and level < Level.SUBSTANTIAL:
            return render(
                request,
                "core/assurance_refused.html",
                {"level": level, "needed": Level.SUBSTANTIAL},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapped
