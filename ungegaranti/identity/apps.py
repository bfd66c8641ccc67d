import warnings

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "ungegaranti.identity"
    verbose_name = _("Log ind")

    def ready(self) -> None:
        # pysaml2 7.5 names a cipher mode that cryptography has moved; harmless, and not ours.
        warnings.filterwarnings("ignore", message="CFB has been moved", module="saml2")
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from .middleware import last_seen_at_login
        from .views import locked_out_logged

        user_logged_in.connect(last_seen_at_login, dispatch_uid="identity.last_seen_at_login")

        user_locked_out.connect(locked_out_logged, dispatch_uid="identity.locked_out_logged")
