from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "ungegaranti.placement"
    label = "placement"
    verbose_name = "Erhvervspraktik-runder"
