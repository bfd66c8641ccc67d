from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "ungegaranti.partners"
    label = "partners"
    verbose_name = "Garantipartnere"
