from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "ungegaranti.marketplace"
    label = "marketplace"
    verbose_name = "Markedspladsen"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .search_index import repair_after_migrate

        # SQLite drops a table's triggers when Django remakes it; put the search ones back.
        post_migrate.connect(repair_after_migrate, sender=self)
