from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top floor: each role's home page and menu, composed from the apps' selectors."""

    name = "ungegaranti.portal"
    label = "portal"
    verbose_name = "Portal"
