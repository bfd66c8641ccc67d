from django.apps import AppConfig


class DestinationsConfig(AppConfig):
    name = "ungegaranti.destinations"
    label = "destinations"
    verbose_name = "Positive destinationer"
