"""Great-circle geometry for the allocation engine.

Distances follow the format: haversine on a sphere of radius 6371.0088 km (the IUGG mean
Earth radius). Nearest-neighbour searches use 3-D unit vectors, because the straight-line
(chord) distance between two unit vectors is a monotone function of the great-circle
distance, so a Euclidean k-d tree ranks offers exactly as the great circle does.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088

FloatArray = npt.NDArray[np.float64]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    return float(
        haversine_km_array(np.array([lat1]), np.array([lon1]), np.array([lat2]), np.array([lon2]))[
            0
        ]
    )


def haversine_km_array(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Vectorised haversine. One code path for every distance keeps results bit-identical."""
    p1 = np.radians(lat1)
    p2 = np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2.0) ** 2
    a = np.clip(a, 0.0, 1.0)
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    """Points on the unit sphere, shape (n, 3)."""
    phi = np.radians(lat)
    lmb = np.radians(lon)
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lmb), cos_phi * np.sin(lmb), np.sin(phi)))


def chord_for_km(km: float) -> float:
    """Unit-sphere chord length for a great-circle distance, padded slightly for float safety.

    Callers always re-check the exact haversine distance, so padding only ever adds
    candidates; it can never drop one.
    """
    theta = min(km / EARTH_RADIUS_KM, math.pi)
    return 2.0 * math.sin(theta / 2.0) * (1.0 + 1e-9) + 1e-12


def chords_for_km(km: FloatArray) -> FloatArray:
    """`chord_for_km` for an array of distances (the same padding)."""
    theta = np.minimum(np.asarray(km, dtype=np.float64) / EARTH_RADIUS_KM, math.pi)
    return 2.0 * np.sin(theta / 2.0) * (1.0 + 1e-9) + 1e-12
