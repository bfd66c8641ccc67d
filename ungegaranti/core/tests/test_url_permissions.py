"""Every URL pattern, as every role and as an anonymous visitor, against docs/permissions.md."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ungegaranti.core.jobs import job_handler
from ungegaranti.core.roles import Role

MATRIX_FILE = Path(settings.BASE_DIR) / "docs" / "permissions.md"
COLUMNS = {
    "anonym": None,
    "ung": Role.YOUNG_PERSON,
    "foraelder": Role.GUARDIAN,
    "laerer": Role.TEACHER,
    "karrierevejleder": Role.CAREER_COUNSELLOR,
    "praktikkoordinator": Role.WORK_EXPERIENCE_COORDINATOR,
    "vejleder": Role.GUIDANCE_COUNSELLOR,
    "partner": Role.PARTNER_CONTACT,
    "sekretariat": Role.SECRETARIAT,
    "forsker": Role.RESEARCHER,
    "politiker": Role.POLITICIAN,
}


@job_handler("test-noop")
def _noop(job, progress):
    return {}


def read_matrix() -> dict[str, dict[str, str]]:
    """Rows of every table whose header starts with 'URL name', keyed by URL name."""
    matrix: dict[str, dict[str, str]] = {}
    header: list[str] | None = None
    for line in MATRIX_FILE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "URL name":
            header = cells
        elif header and cells[0].startswith("`"):
            name = cells[0].strip("`")
            assert name not in matrix, f"{name} has two rows in permissions.md"
            matrix[name] = dict(zip(header[1:], cells[1:], strict=True))
    return matrix


def url_names(
    resolver: URLResolver | None = None, namespace: str = ""
) -> list[tuple[str, URLPattern]]:
    resolver = resolver or get_resolver()
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += url_names(entry, inner)
        elif entry.name:
            names.append((f"{namespace}{entry.name}", entry))
    return names


def url_samples() -> dict:
    samples: dict = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("ungegaranti."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.url_samples")
        except ModuleNotFoundError:
            continue
        samples.update(module.URL_SAMPLES)
    return samples


def test_every_url_pattern_has_a_row_and_every_row_a_url():
    matrix = read_matrix()
    names = {name for name, _ in url_names()}
    assert names - matrix.keys() == set(), "URL patterns without a row in docs/permissions.md"
    assert matrix.keys() - names == set(), "rows in docs/permissions.md for no URL pattern"
    for name, row in matrix.items():
        assert set(row) == set(COLUMNS), f"{name}: columns must be {list(COLUMNS)}"


def _outcome(response) -> str:
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return "login"
    return str(response.status_code)


@pytest.mark.parametrize("name", sorted(read_matrix()))
def test_url_answers_each_role_as_the_matrix_says(world, name):
    row = read_matrix()[name]
    patterns = dict(url_names())
    assert name in patterns, f"{name} is in permissions.md but is no URL pattern"
    samples = url_samples()
    kwargs = {}
    if re.search(r"<", str(patterns[name].pattern)):
        assert name in samples, f"{name} takes arguments: add it to a tests/url_samples.py"
        kwargs = samples[name](world)
    url = reverse(name, kwargs=kwargs)
    failures = []
    for column, role in COLUMNS.items():
        client = Client()
        if role is not None:
            client.force_login(world.users[role])
        got = _outcome(client.get(url))
        if got != row[column]:
            failures.append(f"{column}: expected {row[column]}, got {got}")
    assert not failures, f"{name} ({url}): " + "; ".join(failures)
