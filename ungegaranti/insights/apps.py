from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "ungegaranti.insights"
    label = "insights"
    verbose_name = "Indsigt"
