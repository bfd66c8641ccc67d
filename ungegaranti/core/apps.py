from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ungegaranti.core"
    label = "core"
    verbose_name = "Kerne"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import checks  # noqa: F401  (registers system checks)

        # Each app registers its job handlers in its own tasks.py (core knows none of them).
        autodiscover_modules("tasks")
