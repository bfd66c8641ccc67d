"""Every URL that accepts POST, as every role and as an anonymous visitor, against the "POST URL
name" table of docs/permissions.md (issue 16). Each request is an empty POST on the same sample
object as the GET matrix, in its own savepoint, so one role's write never changes what the next
role finds. Where the table says the role is refused (login, 403, 404), nothing in the database
may have changed and a logged-in persona's attempt is in the access log. A URL that accepts POST
without a row fails `test_every_post_url_has_a_row_and_every_row_a_post_url`."""

import importlib
import re
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.test import Client
from django.urls import reverse

from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.tests.test_url_permissions import (
    COLUMNS,
    MATRIX_FILE,
    url_names,
    url_samples,
)

from .test_cross_municipality import NATIONAL_PREFIXES, _other_personas

pytestmark = pytest.mark.django_db

REFUSED = {"login", "403", "404", "405"}


def read_post_matrix() -> dict[str, dict[str, str]]:
    """Rows of the table whose header starts with 'POST URL name', keyed by URL name."""
    matrix: dict[str, dict[str, str]] = {}
    header: list[str] | None = None
    for line in MATRIX_FILE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "POST URL name":
            header = cells
        elif header and cells[0].startswith("`"):
            name = cells[0].strip("`")
            assert name not in matrix, f"{name} has two rows in the POST table"
            matrix[name] = dict(zip(header[1:], cells[1:], strict=True))
    return matrix


# --- which URLs accept POST: the view, or a project function it calls, reads the POST ---------


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _mentions_post(const: object) -> bool:
    if isinstance(const, str):
        return const == "POST"
    return isinstance(const, tuple | frozenset) and "POST" in const


def accepts_post(view: Callable[..., Any], depth: int = 2, seen: set[int] | None = None) -> bool:
    """Whether a view handles POST: a class-based view with `post`, `require_POST` or
    `require_http_methods` allowing it, or code that reads `request.POST` or compares the
    method with "POST", in the view, its decorators or a project function it calls."""
    seen = set() if seen is None else seen
    if id(view) in seen:
        return False
    seen.add(id(view))
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    code = getattr(view, "__code__", None)
    if code is None:
        return False
    called: list[str] = []
    for each in _codes(code):
        if "POST" in each.co_names or any(_mentions_post(c) for c in each.co_consts):
            return True
        called += each.co_names
    inner: list[Any] = []
    for cell in getattr(view, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        if isinstance(value, list | tuple | set | frozenset) and "POST" in value:
            return True  # require_http_methods(["POST"])
        if callable(value):
            inner.append((value, depth))
    if getattr(view, "__wrapped__", None) is not None:
        inner.append((view.__wrapped__, depth))  # type: ignore[attr-defined]
    if depth:
        module_globals = getattr(view, "__globals__", {})
        for name in called:
            function = module_globals.get(name)
            if isinstance(function, types.FunctionType) and function.__module__.startswith(
                "ungegaranti."
            ):
                inner.append((function, depth - 1))
    return any(accepts_post(function, level, seen) for function, level in inner)


def post_url_names() -> set[str]:
    return {name for name, pattern in url_names() if accepts_post(pattern.callback)}


# --- what a refused write may not touch -----------------------------------------------------


def _fingerprint_sql() -> str:
    parts = []
    for model in apps.get_models():
        if not model.__module__.startswith("ungegaranti.") or model is AccessLogEntry:
            continue
        fields = {f.name for f in model._meta.get_fields() if isinstance(f, models.Field)}
        latest = "MAX(updated_at)" if "updated_at" in fields else "NULL"
        parts.append(
            f"SELECT '{model._meta.label}', COUNT(*), {latest} FROM {model._meta.db_table}"  # noqa: S608 (model names, not input)
        )
    return " UNION ALL ".join(parts)


def fingerprint() -> dict[str, tuple[Any, ...]]:
    """Per model of the project: its row count and latest change, in one query. The access log
    is left out: a refused attempt is meant to be written there."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return {label: (count, str(latest)) for label, count, latest in cursor.fetchall()}


def _outcome(response: Any) -> str:
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return "login"
    if response.status_code in (403, 404, 405):
        return str(response.status_code)
    return "ok"


def _url(world: Any, name: str) -> str:
    pattern = dict(url_names())[name]
    kwargs = {}
    if re.search(r"<", str(pattern.pattern)):
        samples = url_samples()
        assert name in samples, f"{name} takes arguments: add it to a tests/url_samples.py"
        with transaction.atomic():
            kwargs = samples[name](world)
    return reverse(name, kwargs=kwargs)


def post_data(world: Any, name: str) -> dict[str, Any]:
    """The body for `name`: an app's tests/url_samples.py POST_DATA, else empty."""
    for config in apps.get_app_configs():
        if config.name.startswith("ungegaranti."):
            try:
                module = importlib.import_module(f"{config.name}.tests.url_samples")
            except ModuleNotFoundError:
                continue
            if name in getattr(module, "POST_DATA", {}):
                return module.POST_DATA[name](world)
    return {}


def post_as(user: Any, url: str, data: dict[str, Any] | None = None) -> tuple[str, str | None]:
    """POST `data` to `url` as `user` (None: anonymous) in a savepoint rolled back afterwards: the
    outcome, and what was wrong with a refusal (something changed, or no access-log entry)."""
    problem = None
    with transaction.atomic():
        before = fingerprint()
        denied = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.DENIED).count()
        denied_here = AccessLogEntry.objects.filter(
            action=AccessLogEntry.Action.DENIED, path=url
        ).count()
        client = Client()
        if user is not None:
            client.force_login(user)
        got = _outcome(client.post(url, data or {}))
        # A logged-in persona sent to the login page has been logged out: the logout's success.
        if got in REFUSED and not (got == "login" and user is not None):
            if fingerprint() != before:
                changed = [k for k, v in fingerprint().items() if before.get(k) != v]
                problem = f"refused ({got}) but changed {changed}"
            elif user is not None and got in {"403", "404"}:
                logged = AccessLogEntry.objects.filter(
                    action=AccessLogEntry.Action.DENIED, path=url
                ).count()
                if (
                    AccessLogEntry.objects.filter(action=AccessLogEntry.Action.DENIED).count()
                    == denied
                ):
                    problem = f"refused ({got}) without an access-log entry"
                elif logged - denied_here != 1:
                    problem = f"refused ({got}) with {logged - denied_here} access-log entries"
        transaction.set_rollback(True)
    return got, problem


# --- the tests ------------------------------------------------------------------------------


def test_every_post_url_has_a_row_and_every_row_a_post_url():
    matrix = read_post_matrix()
    found = post_url_names()
    assert found - matrix.keys() == set(), "POST URLs without a row in the POST table"
    assert matrix.keys() - found == set(), "rows in the POST table for no POST URL"
    assert len(found) >= 60, "the scan found too few POST URLs to be looking right"
    for name, row in matrix.items():
        assert set(row) == set(COLUMNS), f"{name}: columns must be {list(COLUMNS)}"
        assert set(row.values()) <= REFUSED | {"ok"}, f"{name}: cells are ok, login, 403, 404, 405"


@pytest.mark.parametrize("name", sorted(read_post_matrix()))
def test_post_answers_each_role_as_the_table_says_and_a_refusal_changes_nothing(world, name):
    row = read_post_matrix()[name]
    url = _url(world, name)
    data = post_data(world, name)
    failures = []
    for column, role in COLUMNS.items():
        got, problem = post_as(world.users[role] if role else None, url, data)
        if got != row[column]:
            failures.append(f"{column}: expected {row[column]}, got {got}")
        if problem:
            failures.append(f"{column}: {problem}")
    assert not failures, f"POST {name} ({url}): " + "; ".join(failures)


# Not objects of one municipality: offers are public nationally (the application or booking on
# one names a young person or class of the user's own scope, which its service checks), and a
# retention rule's argument is a kind: each secretariat sets its own municipality's rule. A
# young person's self-report is a signed link answered without a login: the token decides.
NOT_WALLED = {
    "destinations:self_report",
    "marketplace:offer_detail",
    "marketplace:apply",
    "marketplace:book",
    "core:retention_rule",
}


def _object_post_urls() -> list[str]:
    patterns = dict(url_names())
    return sorted(
        name
        for name in read_post_matrix()
        if re.search(r"<", str(patterns[name].pattern))
        and not name.startswith(NATIONAL_PREFIXES)
        and name not in NOT_WALLED
    )


@pytest.mark.parametrize("name", _object_post_urls())
def test_no_role_of_another_municipality_writes_to_the_object(world, name):
    """The same POST by each role's persona in Norddjurs: refused where the role could write at
    home (404, or 403 for a signed link), nothing changed, the attempt logged."""
    row = read_post_matrix()[name]
    url = _url(world, name)
    data = post_data(world, name)
    personas = _other_personas(world)
    failures = []
    for column, role in COLUMNS.items():
        if role is None:
            continue
        # refused either way: a signed link of another municipality's company is a 403
        expected = {"403", "404"} if row[column] == "ok" else {row[column], "404"}
        got, problem = post_as(personas[role], url, data)
        if got not in expected:
            failures.append(f"{column}: expected {expected}, got {got}")
        if problem:
            failures.append(f"{column}: {problem}")
    assert not failures, f"POST {name} ({url}) as Norddjurs: " + "; ".join(failures)
