"""Guarantee partners (garantipartnere): companies with a 2-year agreement, their promises,
optional commitments and contact people."""

import uuid
from datetime import date
from typing import cast

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel, postal_code_validator

cvr_format_validator = RegexValidator(r"^[1-9]\d{7}$", _("CVR-nummeret skal være 8 cifre."))
p_number_validator = RegexValidator(r"^\d{10}$", _("P-nummeret skal være 10 cifre."))


class Sector(models.TextChoices):
    """Main sections of Dansk Branchekode 2007 (DB07)."""

    A = "A", _("Landbrug, skovbrug og fiskeri")
    B = "B", _("Råstofindvinding")
    C = "C", _("Industri")
    D = "D", _("Energiforsyning")
    E = "E", _("Vandforsyning og renovation")
    F = "F", _("Bygge og anlæg")
    G = "G", _("Handel")
    H = "H", _("Transport")
    I = "I", _("Hoteller og restauranter")  # noqa: E741  (the DB07 letter)
    J = "J", _("Information og kommunikation")
    K = "K", _("Finansiering og forsikring")
    L = "L", _("Ejendomshandel og udlejning")
    M = "M", _("Videnservice")
    N = "N", _("Rejsebureauer, rengøring og anden operationel service")
    O = "O", _("Offentlig administration, forsvar og politi")  # noqa: E741
    P = "P", _("Undervisning")
    Q = "Q", _("Sundhed og socialvæsen")
    R = "R", _("Kultur og fritid")
    S = "S", _("Andre serviceydelser")


# The optional commitments of domain.md: model field name -> Danish label.
COMMITMENT_FIELDS = (
    "commits_apprenticeship",
    "commits_introjob",
    "commits_leisure_job",
    "commits_work_experience",
    "commits_teaching_in_school",
    "commits_class_visits",
    "commits_youth_fairs",
)


class GuaranteePartner(MunicipalModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, validators=[cvr_format_validator])
    p_number = models.CharField(
        _("P-nummer"), max_length=10, blank=True, validators=[p_number_validator]
    )
    name = models.CharField(_("navn"), max_length=200)
    sector = models.CharField(_("branche (DB07)"), max_length=1, choices=Sector.choices)
    address = models.CharField(_("adresse"), max_length=200)
    postal_code = models.CharField(
        _("postnummer"), max_length=4, validators=[postal_code_validator]
    )
    website = models.URLField(_("hjemmeside"), blank=True)
    agreement_start_date = models.DateField(_("aftale fra"))
    agreement_end_date = models.DateField(_("aftale til"))
    # The three mandatory promises of the partner agreement.
    promise_help_everyone = models.BooleanField(
        _("hjælper alle unge, der henvender sig, mod en positiv destination"), default=True
    )
    promise_vulnerable = models.BooleanField(
        _("tager i rimeligt omfang imod udsatte unge"), default=True
    )
    promise_ambassador = models.BooleanField(_("er ambassadør for Ungegarantien"), default=True)
    # Optional commitments.
    commits_apprenticeship = models.BooleanField(_("lærlinge-/elevforløb"), default=False)
    commits_introjob = models.BooleanField(_("introjob"), default=False)
    commits_leisure_job = models.BooleanField(_("fritidsjob"), default=False)
    commits_work_experience = models.BooleanField(_("erhvervspraktik"), default=False)
    commits_teaching_in_school = models.BooleanField(
        _("virksomheden ind i grundskolen"), default=False
    )
    commits_class_visits = models.BooleanField(_("grundskolen ud i virksomhederne"), default=False)
    commits_youth_fairs = models.BooleanField(_("ungemesser"), default=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("garantipartner")
        verbose_name_plural = _("garantipartnere")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "cvr"], name="partner_unique_cvr"),
            models.CheckConstraint(
                condition=models.Q(agreement_end_date__gt=models.F("agreement_start_date")),
                name="partner_agreement_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "postal_code"], name="partner_postal")]

    def __str__(self) -> str:
        return f"{self.name} (CVR {self.cvr})"

    @property
    def commitments(self) -> list[str]:
        """Danish labels of the optional commitments this partner has made."""
        return [commitment_label(name) for name in COMMITMENT_FIELDS if getattr(self, name)]

    def agreement_active_on(self, day: date) -> bool:
        return self.agreement_start_date <= day <= self.agreement_end_date


class PartnerContact(MunicipalModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(
        GuaranteePartner,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("garantipartner"),
    )
    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("stilling"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_contact",
        verbose_name=_("login"),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return f"{self.name} ({self.partner.name})"


def commitment_label(field_name: str) -> str:
    """The Danish label of one optional commitment, e.g. "erhvervspraktik"."""
    field = cast(models.Field, GuaranteePartner._meta.get_field(field_name))
    return str(field.verbose_name)
