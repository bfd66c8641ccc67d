import pytest

from ungegaranti.core.roles import Role


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_home_page(client_for, role):
    response = client_for(role).get("/")
    assert response.status_code == 200
    assert f"portal/home/{role.value.lower()}.html" in [t.name for t in response.templates]


def test_anonymous_sees_the_public_home(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Garantipartnere" in response.content.decode()
