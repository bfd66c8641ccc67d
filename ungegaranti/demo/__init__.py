"""The synthetic demo municipality (a made-up Hjørring): names, geography, the builders of the
municipality and its marketplace, and the test suite's small world (testing.py).

Only for development and tests: the `demo_*` commands refuse to run unless
settings.DEMO_DATA_ALLOWED is true.
"""
