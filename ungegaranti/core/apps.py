from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ungegaranti.core"
    label = "core"
    verbose_name = "Kerne"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers system checks)
