"""Danish error pages that say what happened and offer a way on (DEBUG is off in tests)."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from conftest import axe_violations, browser_login
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import PASSWORD


def test_a_missing_page_gives_the_danish_404(client, db):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden findes ikke" in html
    assert 'href="/"' in html and 'href="/tilbud/"' in html
    assert "core/base.html" in [t.name for t in response.templates]


def test_an_object_out_of_scope_gives_the_404_page_without_hinting_at_it(client_for, world):
    response = client_for(Role.TEACHER).get(f"/unge/{world.pupil_b.uuid}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden findes ikke" in html
    assert world.pupil_b.first_name not in html


def test_an_out_of_role_page_gives_the_danish_403(client_for):
    response = client_for(Role.YOUNG_PERSON).get("/sekretariat/adgangslog/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Du har ikke adgang til siden" in html
    assert "som Ung." in html  # the role the user has
    assert 'href="/tilbud/"' in html
    assert "Log ind" not in html.split("<main", 1)[1]  # logged in: no login link


def test_the_500_page_needs_neither_a_request_context_nor_the_database(
    db, django_assert_num_queries
):
    request = RequestFactory().get("/noget/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Der skete en fejl" in html and "ikke din skyld" in html
    assert 'href="/"' in html and 'href="/tilbud/"' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_error_pages_are_accessible_and_fit_a_phone(world, live_server, page):
    page.goto(f"{live_server.url}/findes-ikke/")
    assert page.get_by_role("heading", level=1).inner_text() == "Siden findes ikke"
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    browser_login(page, live_server, world.users[Role.YOUNG_PERSON].username, PASSWORD)
    page.goto(f"{live_server.url}/sekretariat/adgangslog/")
    assert page.get_by_role("heading", level=1).inner_text() == "Du har ikke adgang til siden"
    assert axe_violations(page) == []
    # There is history now, so "Gå tilbage" shows and takes the user back.
    page.get_by_role("button", name="Gå tilbage").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_failed_csrf_check_explains_itself_in_danish(db):
    response = Client(enforce_csrf_checks=True).post(
        "/log-ind/", {"username": "x", "password": "y"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Siden var for gammel" in html and "genindlæs siden" in html
