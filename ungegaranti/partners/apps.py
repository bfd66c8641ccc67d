from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "ungegaranti.partners"
    label = "partners"
    verbose_name = "Garantipartnere"

    def ready(self) -> None:
        from . import imports  # noqa: F401  (registers the import_partners job handler)
