"""The synthetic demo municipality (a made-up Hjørring): names, geography and the builder.

Only for development and tests: `manage.py demo_municipality` refuses to run unless
settings.DEMO_DATA_ALLOWED is true.
"""
