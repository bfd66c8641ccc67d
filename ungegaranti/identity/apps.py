from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "ungegaranti.identity"
    verbose_name = _("Log ind")
