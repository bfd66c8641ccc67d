import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel


class Notification(MunicipalModel):
    """One message to one user, shown in their in-app list; also sent by e-mail."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("modtager"),
    )
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)
    # Set by the e-mail job once the mail server took the message: a second run sends nothing.
    emailed_at = models.DateTimeField(_("sendt som e-mail"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.subject} ({self.uuid})"
