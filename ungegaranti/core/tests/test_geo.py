"""Great-circle distances and the search's bounding box (core.geo)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ungegaranti.core.geo import EARTH_RADIUS_KM, bounding_box, haversine_km

HJORRING = (57.464, 9.982)


def test_known_distances():
    assert haversine_km(*HJORRING, *HJORRING) == 0.0
    # one degree of latitude is a 360th of the circumference
    assert haversine_km(57.0, 10.0, 58.0, 10.0) == pytest.approx(
        2 * math.pi * EARTH_RADIUS_KM / 360, abs=1e-9
    )
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    # Hjørring to Sindal, the distance the search shows (~13.3 km)
    assert haversine_km(*HJORRING, 57.472, 10.204) == pytest.approx(13.3, abs=0.05)


@given(
    lat=st.floats(-80, 80),
    lon=st.floats(-179, 179),
    dlat=st.floats(-1, 1),
    dlon=st.floats(-2, 2),
    radius=st.floats(0.1, 100),
)
def test_bounding_box_contains_every_point_within_the_radius(lat, lon, dlat, dlon, radius):
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
    other = (lat + dlat, lon + dlon)
    if haversine_km(lat, lon, *other) <= radius:
        assert min_lat <= other[0] <= max_lat
        assert min_lon <= other[1] <= max_lon


def test_the_distance_is_symmetric_and_at_most_half_the_circumference():
    a, b = (55.676, 12.568), (57.048, 9.919)
    assert haversine_km(*a, *b) == haversine_km(*b, *a)
    assert haversine_km(89.0, 0.0, -89.0, 180.0) <= math.pi * EARTH_RADIUS_KM
