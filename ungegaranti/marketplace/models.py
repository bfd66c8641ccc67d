"""The digital marketplace (ungegarantien.dk): partners' offers and the periods with seats."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel, postal_code_validator
from ungegaranti.partners.models import Sector
from ungegaranti.plans.models import ActivityKind


class Offer(MunicipalModel):
    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Kladde")
        PUBLISHED = "PUBLISHED", _("Offentliggjort")
        PAUSED = "PAUSED", _("Sat på pause")
        CLOSED = "CLOSED", _("Lukket")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(
        "partners.GuaranteePartner",
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("garantipartner"),
    )
    type = models.CharField(_("type"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    sector = models.CharField(_("branche (DB07)"), max_length=1, choices=Sector.choices)
    subject = models.CharField(_("fag (åben skole)"), max_length=100, blank=True)
    address = models.CharField(_("arbejdsstedets adresse"), max_length=200)
    postal_code = models.CharField(
        _("postnummer"), max_length=4, validators=[postal_code_validator]
    )
    # Copied from the postal area when saved, so distance search needs no join.
    latitude = models.FloatField(_("breddegrad"), null=True, blank=True)
    longitude = models.FloatField(_("længdegrad"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(
        _("mindste alder"), validators=[MinValueValidator(6), MaxValueValidator(29)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("højeste alder"), validators=[MinValueValidator(6), MaxValueValidator(29)]
    )
    min_grade = models.PositiveSmallIntegerField(
        _("fra klassetrin"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    max_grade = models.PositiveSmallIntegerField(
        _("til klassetrin"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    # Working time, where the offer is work (checked against the rules for minors).
    hours_per_day = models.DecimalField(
        _("timer pr. dag"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    hours_per_week = models.DecimalField(
        _("timer pr. uge"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    day_starts_at = models.TimeField(_("arbejdsdagen begynder"), null=True, blank=True)
    day_ends_at = models.TimeField(_("arbejdsdagen slutter"), null=True, blank=True)
    during_school_period = models.BooleanField(
        _("foregår i skoleperioden"),
        default=True,
        help_text=_("Nej, hvis arbejdet kun ligger i ferier (skolefri uger)."),
    )
    suits_support_needs = models.BooleanField(_("egnet for unge med støttebehov"), default=False)
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    contact_email = models.EmailField(_("kontaktpersonens e-mail"))
    contact_phone = models.CharField(_("kontaktpersonens telefon"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbud")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_age__gte=models.F("min_age")), name="offer_age_range"
            ),
            models.CheckConstraint(
                condition=models.Q(min_grade__isnull=True)
                | models.Q(max_grade__isnull=True)
                | models.Q(max_grade__gte=models.F("min_grade")),
                name="offer_grade_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "type"], name="offer_status_type"),
            models.Index(fields=["status", "postal_code"], name="offer_status_postal"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.uuid})"


class OfferPeriod(MunicipalModel):
    """Dates (e.g. one week of erhvervspraktik) with a number of seats; seats_taken counts
    accepted bookings and is only changed by the booking services, atomically."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="periods", verbose_name=_("tilbud")
    )
    start_date = models.DateField(_("fra"))
    end_date = models.DateField(_("til"))
    seats = models.PositiveIntegerField(_("pladser"))
    seats_taken = models.PositiveIntegerField(_("optagne pladser"), default=0)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("periode")
        verbose_name_plural = _("perioder")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="period_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(seats_taken__lte=models.F("seats")),
                name="period_never_oversold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer.title}: {self.start_date}–{self.end_date}"

    @property
    def seats_left(self) -> int:
        return self.seats - self.seats_taken
