from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ungegaranti.people"
    label = "people"
    verbose_name = "Unge og skoler"

    def ready(self) -> None:
        from . import imports  # noqa: F401  (registers the import_young_people job handler)
