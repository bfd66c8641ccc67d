"""The research export in headless Chromium: the secretariat registers a project on its page,
the researcher named on it orders an export, waits for the background job and downloads the
archive; axe finds nothing on either page."""

import io
import os
import zipfile
from pathlib import Path

import pytest

from conftest import axe_violations, browser_login
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import PASSWORD

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(),
        reason="needs Debian's Chromium at /usr/bin/chromium",
    ),
]


def test_register_a_project_order_an_export_and_download_it(world, live_server, browser):
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    browser_login(page, live_server, world.users[Role.SECRETARIAT].username, PASSWORD)
    page.goto(f"{live_server.url}/forskning/projekter/")
    assert axe_violations(page) == [], "projects page"
    page.get_by_label("Projektets navn").fill("Evaluering 2022-2031")
    page.get_by_label("Dataansvarlig").fill("Regionalt klinisk forskningscenter")
    page.get_by_label("Formål").fill("Den eksterne evaluering")
    page.get_by_label("Godkendelse (journalnummer)").fill("F-2022-0417")
    page.get_by_label("Periode fra").fill("2022-01-01")
    page.get_by_label("Periode til").fill("2031-12-31")
    for label in ("Køn", "Fødselsår og -måned", "Skoledistrikt", "Klassetrin og skoleår"):
        page.get_by_label(label, exact=True).check()
    page.get_by_label(world.users[Role.RESEARCHER].username).check()
    page.get_by_role("button", name="Registrér projekt").click()
    assert page.get_by_text("Projektet Evaluering 2022-2031 er registreret.").is_visible()
    assert axe_violations(page) == [], "projects page with a project"
    context.close()

    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    browser_login(page, live_server, world.users[Role.RESEARCHER].username, PASSWORD)
    page.goto(f"{live_server.url}/forskning/")
    assert axe_violations(page) == [], "research page"
    page.get_by_role("button", name="Bestil udtræk").click()
    # The job status page takes the researcher back once the job is done.
    page.wait_for_url(f"{live_server.url}/forskning/", timeout=20_000)
    link = page.get_by_role("link", name="Hent arkiv (ZIP)")
    assert axe_violations(page) == [], "research page with an export"
    with page.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    assert {"unge.csv", "unge.parquet", "dataordbog.csv", "rapport.json", "manifest.json"} <= names
    context.close()
