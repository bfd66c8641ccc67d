"""Each dashboard (the whole guarantee and each track's) in headless Chromium, as the
secretariat and as a politician: axe finds nothing, the charts are SVG with their tables, and a
chart's numbers download as CSV and as XLSX."""

import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import axe_violations, browser_login
from ungegaranti.core.models import Track
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import PASSWORD
from ungegaranti.insights.figures import figures_refresh

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(),
        reason="needs Debian's Chromium at /usr/bin/chromium",
    ),
]


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.POLITICIAN])
def test_every_dashboard_is_accessible_and_downloads_csv_and_xlsx(world, live_server, page, role):
    for kind in Track.Kind.values:
        Track.objects.create(municipality=world.municipality, kind=kind, owner_name="Lise Spor")
    figures_refresh(municipality=world.municipality)
    browser_login(page, live_server, world.users[role].username, PASSWORD)
    base = f"{live_server.url}/indsigt/statistik/"
    for query in ["", *(f"?spor={kind}" for kind in Track.Kind.values)]:
        page.goto(base + query)
        assert page.locator("svg[role=img]").count() >= 1, query
        assert page.locator("table").count() == page.locator("svg[role=img]").count()
        assert axe_violations(page) == [], f"{role} {query or 'all tracks'}"
    page.goto(base + "?spor=PRIMARY_SCHOOL")
    section = page.locator("section.chart", has=page.locator("#chart-reached"))
    with page.expect_download() as csv_download:
        section.get_by_role("link", name="CSV").click()
    text = Path(csv_download.value.path()).read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == "Klassetrin;Antal;I alt;Andel"
    expected = "2" if role == Role.SECRETARIAT else "<5"
    assert text.splitlines()[1].split(";")[2] == expected
    with page.expect_download() as xlsx_download:
        section.get_by_role("link", name="XLSX").click()
    sheet = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    assert sheet.cell(row=2, column=3).value in (2, "<5")
    page.goto(f"{live_server.url}/indsigt/omkostninger/")
    assert axe_violations(page) == [], f"{role} costs"
