"""Messages after an action show their level: an error never looks like a success."""

import re

import pytest

from conftest import axe_violations

pytestmark = pytest.mark.urls("ungegaranti.core.tests.messages_urls")


def _message_blocks(html: str) -> dict[str, str]:
    blocks = re.findall(r'<div class="message message-(\w+)" role="(\w+)">(.*?)</div>', html, re.S)
    return {level: f"{role}|{body}" for level, role, body in blocks}


def test_each_level_has_its_own_class_role_and_words(client, db):
    html = client.get("/test-beskeder/").content.decode()
    blocks = _message_blocks(html)
    assert set(blocks) == {"success", "info", "warning", "error"}
    assert blocks["error"].startswith("alert|")
    assert "Fejl:" in blocks["error"] and "Perioden blev ikke ændret." in blocks["error"]
    assert blocks["warning"].startswith("status|") and "Bemærk:" in blocks["warning"]
    assert blocks["success"].startswith("status|") and "Fejl:" not in blocks["success"]
    # Not colour alone: each level has its own icon.
    icons = {
        level: re.search(r'message-icon" aria-hidden="true">(.*?)</span>', body).group(1)
        for level, body in blocks.items()
    }
    assert len(set(icons.values())) == 4
    # No list with a role that breaks list semantics.
    assert '<ul role="status">' not in html and 'role="status">\n        <ul' not in html


def test_without_messages_there_is_no_empty_live_region(client, db):
    html = client.get("/").content.decode()
    assert 'class="messages"' not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_messages_of_every_level_pass_axe_and_look_different(live_server, page):
    page.goto(f"{live_server.url}/test-beskeder/")
    assert page.get_by_role("alert").inner_text().endswith("Perioden blev ikke ændret.")
    backgrounds = {
        level: page.locator(f".message-{level}").evaluate(
            "e => getComputedStyle(e).backgroundColor"
        )
        for level in ("success", "info", "warning", "error")
    }
    assert len(set(backgrounds.values())) == 4
    assert axe_violations(page) == []
