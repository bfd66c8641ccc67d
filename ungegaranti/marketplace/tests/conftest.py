import pytest

from ungegaranti.core.roles import Role


@pytest.fixture
def partner_user(world):
    return world.users[Role.PARTNER_CONTACT]
