from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "ungegaranti.marketplace"
    label = "marketplace"
    verbose_name = "Markedspladsen"
