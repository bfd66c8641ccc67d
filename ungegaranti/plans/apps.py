from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ungegaranti.plans"
    label = "plans"
    verbose_name = "Planer"
