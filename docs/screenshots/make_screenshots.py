"""Screenshots of each role's main page, on a desktop (1366 px) and a phone (390 px), from the
demo: `make run` (or its demo_* commands) first, then

    .venv/bin/python docs/screenshots/make_screenshots.py

It serves the demo database on a free local port, logs in as each demo persona through the
login form and writes docs/screenshots/<role>-desktop.png and <role>-phone.png. The browser is
the browser tests' (Debian's Chromium through Playwright, conftest.CHROMIUM)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()  # conftest imports the test World's models

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = Path(__file__).resolve().parent
PASSWORD = "demo1234"  # noqa: S105  (the demo's public password)
# username -> file name (the role, in English)
PERSONAS = {
    "ung": "young-person",
    "foraelder": "guardian",
    "laerer": "teacher",
    "karrierevejleder": "career-counsellor",
    "praktikkoordinator": "work-experience-coordinator",
    "vejleder": "guidance-counsellor",
    "partner": "partner",
    "sekretariat": "secretariat",
    "forsker": "researcher",
    "politiker": "politician",
}
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603  (our own manage.py)
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live/", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("The demo server did not start.")


def main() -> None:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = _serve(port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            for username, name in PERSONAS.items():
                context = browser.new_context(locale="da-DK")
                page = context.new_page()
                page.set_default_timeout(60_000)
                page.goto(f"{base}/log-ind/")
                page.get_by_label("Brugernavn").fill(username)
                page.get_by_label("Adgangskode").fill(PASSWORD)
                page.get_by_role("button", name="Log ind").click()
                page.wait_for_load_state("networkidle")
                for size, (width, height) in SIZES.items():
                    page.set_viewport_size({"width": width, "height": height})
                    page.goto(f"{base}/")
                    page.wait_for_load_state("networkidle")
                    path = OUT / f"{name}-{size}.png"
                    page.screenshot(path=str(path))
                    print(path.relative_to(ROOT))
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
