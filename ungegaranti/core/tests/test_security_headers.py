"""Every response carries the security headers: a Content-Security-Policy that lets no inline
script, style or handler run, a Permissions-Policy that switches the browser's powerful
features off, and Referrer-Policy, nosniff and no framing. The templates keep to the policy
(nothing inline), and a browser shows no violation (every browser test checks that too: see
conftest.WatchedBrowser)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from ungegaranti.core.roles import Role

pytestmark = pytest.mark.django_db

# Rendered to PDF by WeasyPrint on the server, never sent to a browser as HTML: their <style>
# is read by WeasyPrint alone.
PDF_ONLY = {
    "placement/list_document.html",
    "placement/agreement_pdf.html",
    "plans/plan_pdf.html",
    "portal/my_data_pdf.html",
}
INLINE = {
    "script without src": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: address": re.compile(r"javascript:", re.IGNORECASE),
}


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize(
    ("who", "url"),
    [
        (None, "/log-ind/"),
        (None, "/findes-ikke/"),
        (Role.SECRETARIAT, "/"),
        (Role.YOUNG_PERSON, "/"),
        (Role.SECRETARIAT, "/sekretariat/adgangslog/"),
    ],
)
def test_every_page_carries_the_security_headers(world, who, url):
    client = Client()
    if who is not None:
        client.force_login(world.users[who])
    response = client.get(url)
    assert response.status_code in {200, 404}
    policy = _policy(response)
    for directive in ("default-src", "script-src", "style-src", "img-src", "form-action"):
        assert policy[directive] == ["'self'"], directive
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    features = dict(
        f.strip().split("=", 1) for f in response.headers["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_htmx_answer_and_the_csv_carry_them_too(client_for):
    secretariat = client_for(Role.SECRETARIAT)
    search = secretariat.get(reverse("marketplace:search"), HTTP_HX_REQUEST="true")
    assert "script-src 'self'" in search.headers["Content-Security-Policy"]
    csv = secretariat.get(reverse("insights:chart_csv", kwargs={"key": "reached"}))
    assert csv.status_code == 200 and "Permissions-Policy" in csv.headers


def _browser_templates() -> list[tuple[str, Path]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ungegaranti."):
            continue
        root = Path(config.path) / "templates"
        for path in sorted(root.rglob("*.html")):
            name = path.relative_to(root).as_posix()
            if name not in PDF_ONLY:
                found.append((name, path))
    return found


def test_no_template_has_inline_script_style_or_handlers():
    """The policy would refuse them in the browser; here they are found before that."""
    templates = _browser_templates()
    assert len(templates) > 50
    found = [
        f"{name}:{text[: match.start()].count(chr(10)) + 1}: {kind}"
        for name, path in templates
        for text in [path.read_text(encoding="utf-8")]
        for kind, pattern in INLINE.items()
        for match in pattern.finditer(text)
    ]
    assert found == []


def test_a_pdf_only_template_reaches_the_browser_as_pdf(world, client_for):
    """The exemption above holds only while these are rendered to PDF, never served as HTML."""
    response = client_for(Role.YOUNG_PERSON).get(
        reverse("portal:my_data_pdf", kwargs={"uuid": world.pupil_a.uuid})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_reports_a_violation_to_the_tests(world, live_server, browser):
    """The watch every browser test relies on: markup that breaks the policy is refused by the
    browser and seen by the test."""
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    page.goto(f"{live_server.url}/log-ind/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    seen = list(browser.csp_violations)
    browser.csp_violations.clear()  # expected here: the autouse check must not fail this test
    context.close()
    assert seen and "style-src" in seen[0], seen
