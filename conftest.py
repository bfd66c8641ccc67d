import pytest
from django.test import Client

from ungegaranti.core.roles import Role
from ungegaranti.core.tests.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World):
    """client_for(Role.TEACHER) -> a test client logged in as that persona."""

    def make(role: Role) -> Client:
        client = Client()
        client.force_login(world.users[role])
        return client

    return make
