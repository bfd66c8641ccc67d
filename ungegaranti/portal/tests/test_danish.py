"""Every page a role works with reads as Danish: no English left untranslated (issue 15).

Each role's home page and every page in its menu is rendered in Danish, and its visible text
is searched for words that only English has. A string that slips through untranslated (an
engine message, a form default, a label written in English) fails here."""

import pytest
from django.urls import reverse

from ungegaranti.core.roles import Role
from ungegaranti.core.tests.danish import english_words
from ungegaranti.portal.navigation import MENUS

PAGES = [
    pytest.param(role, url_name, id=f"{role}-{url_name}")
    for role, menu in MENUS.items()
    for url_name in ["portal:home", *(name for name, _ in menu)]
]


@pytest.mark.parametrize(("role", "url_name"), PAGES)
def test_the_page_is_in_danish(client_for, role, url_name):
    response = client_for(Role(role)).get(reverse(url_name), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert english_words(html) == set(), url_name


def test_the_check_finds_english():
    assert english_words("<p>Dit ønske: the offer is full</p>") == {"the", "offer", "is"}
    assert english_words("<p>Søg tilbud</p><code>S1: wish O1</code>") == {"wish"}
    assert english_words("<p>Søg</p><script>if (a and b) {}</script>") == set()
