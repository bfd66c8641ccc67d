"""Great-circle geometry on a sphere of radius 6371.0088 km (the IUGG mean Earth radius), the
sphere the allocation format names. Pure Python; the one place the project measures distances.
(The allocation engine keeps its own, vectorised copy as part of the format; a test in
placement/tests/test_rules_agree.py checks that the two give the same kilometres.)
"""

import math

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) that contains every point within radius_km of
    (lat, lon); slightly generous so the exact distance decides at the boundary."""
    angular = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angular)
    ratio = math.sin(angular) / math.cos(math.radians(lat))
    dlon = 180.0 if ratio >= 1 else math.degrees(math.asin(ratio))
    margin = 1e-6
    return lat - dlat - margin, lat + dlat + margin, lon - dlon - margin, lon + dlon + margin
