"""The shared long-term plan of each young person. So far: the activities in their record,
written by the marketplace (bookings) and work-experience rounds (placements)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel


class ActivityKind(models.TextChoices):
    """Kinds of career-learning activity; the marketplace's offer types are the same kinds."""

    WORK_EXPERIENCE = "WORK_EXPERIENCE", _("Erhvervspraktik")
    LEISURE_JOB = "LEISURE_JOB", _("Fritidsjob")
    INTRO_JOB = "INTRO_JOB", _("Introjob")
    COMPANY_VISIT = "COMPANY_VISIT", _("Virksomhedsbesøg")
    OPEN_SCHOOL_COURSE = "OPEN_SCHOOL_COURSE", _("Åben skole-forløb")
    JUNIOR_APPRENTICESHIP = "JUNIOR_APPRENTICESHIP", _("Juniormesterlære")
    APPRENTICESHIP = "APPRENTICESHIP", _("Læreplads/elevplads")
    YOUTH_FAIR = "YOUTH_FAIR", _("Ungemesse")
    EVENT = "EVENT", _("Arrangement")


class Activity(MunicipalModel):
    class Status(models.TextChoices):
        PLANNED = "PLANNED", _("Planlagt")
        COMPLETED = "COMPLETED", _("Gennemført")
        DID_NOT_ATTEND = "DID_NOT_ATTEND", _("Ikke mødt")
        CANCELLED = "CANCELLED", _("Aflyst")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    young_person = models.ForeignKey(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("ung"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    partner = models.ForeignKey(
        "partners.GuaranteePartner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("garantipartner"),
    )
    start_date = models.DateField(_("startdato"), null=True, blank=True)
    end_date = models.DateField(_("slutdato"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    # What created the activity, e.g. "booking:<uuid>": re-recording the same source updates it.
    source_key = models.CharField(_("kilde"), max_length=120)

    class Meta:
        ordering = ["-start_date", "-created_at"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source_key"], name="activity_unique_source"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} ({self.uuid})"
