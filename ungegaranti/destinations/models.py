"""Positive destinations: the municipality's versioned definition of which statuses count, the
status history of the 15-29 year olds (from the youth-database import, counsellors and the
young people themselves), and the guidance counsellor's follow-up with its contact log."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel
from ungegaranti.plans.text import FREE_TEXT_MAX, no_cpr_validator


class Status(models.TextChoices):
    """What a young person is doing, in the categories of the national youth database
    (Ungedatabasen) plus the few the guarantee adds (a clarified choice, voluntary work)."""

    PRIMARY_SCHOOL = "PRIMARY_SCHOOL", _("Grundskole eller 10. klasse")
    YOUTH_EDUCATION = "YOUTH_EDUCATION", _("Ungdomsuddannelse")
    FGU = "FGU", _("FGU")
    HIGHER_EDUCATION = "HIGHER_EDUCATION", _("Videregående uddannelse")
    APPRENTICESHIP = "APPRENTICESHIP", _("Læreplads")
    JOB_20_PLUS = "JOB_20_PLUS", _("Job, mindst 20 timer om ugen")
    JOB_UNDER_20 = "JOB_UNDER_20", _("Job, under 20 timer om ugen")
    MILITARY = "MILITARY", _("Værnepligt eller forsvaret")
    VOLUNTEERING = "VOLUNTEERING", _("Frivilligt arbejde")
    CLARIFIED_CHOICE = "CLARIFIED_CHOICE", _("Afklaret valg af uddannelse eller job")
    UNEMPLOYED = "UNEMPLOYED", _("Ledig")
    OTHER = "OTHER", _("Andet")
    UNKNOWN = "UNKNOWN", _("Ukendt")
    MOVED_AWAY = "MOVED_AWAY", _("Fraflyttet")


# A clarified choice counts for a pupil (the definition's "for pupils: a clarified choice recorded
# in the plan"); once out of school the young person needs a place, and the worklist has them.
PUPIL_ONLY_STATUSES = frozenset({Status.CLARIFIED_CHOICE})

EDUCATION_STATUSES = frozenset(
    {Status.YOUTH_EDUCATION, Status.FGU, Status.HIGHER_EDUCATION, Status.APPRENTICESHIP}
)


class DestinationDefinition(MunicipalModel):
    """One version of the municipality's definition: the statuses that count as a positive
    destination from `effective_date` until the next version. A version is never changed
    once saved; a status is judged by the version in force on its own date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveSmallIntegerField(_("version"))
    name = models.CharField(_("navn"), max_length=150)
    effective_date = models.DateField(_("gælder fra"))
    positive_statuses = models.JSONField(_("positive statusser"), default=list)
    description = models.TextField(_("begrundelse"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="destination_definitions",
        verbose_name=_("oprettet af"),
    )

    class Meta:
        ordering = ["municipality", "-effective_date"]
        verbose_name = _("definition af positiv destination")
        verbose_name_plural = _("definitioner af positiv destination")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "version"], name="definition_unique_version"
            ),
            models.UniqueConstraint(
                fields=["municipality", "effective_date"], name="definition_unique_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.effective_date:%Y-%m-%d})"

    def counts(self, status: str) -> bool:
        return status in self.positive_statuses

    @property
    def positive_labels(self) -> list[str]:
        return [str(Status(s).label) for s in Status.values if s in self.positive_statuses]


class DestinationStatus(MunicipalModel):
    """One entry in a young person's status history, with the judgement of the definition
    version in force on its date (stored, so that a later definition never rewrites it)."""

    class Source(models.TextChoices):
        IMPORT = "IMPORT", _("Ungedatabasen (import)")
        COUNSELLOR = "COUNSELLOR", _("Ungevejleder")
        SELF_REPORT = "SELF_REPORT", _("Selvrapporteret")
        PLAN = "PLAN", _("Den unges plan (afklaret valg)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    young_person = models.ForeignKey(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        related_name="destination_statuses",
        verbose_name=_("ung"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    status_date = models.DateField(_("statusdato"))
    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices)
    institution = models.CharField(_("sted"), max_length=200, blank=True)
    note = models.TextField(
        _("bemærkning"),
        blank=True,
        validators=[MaxLengthValidator(FREE_TEXT_MAX), no_cpr_validator],
    )
    definition = models.ForeignKey(
        DestinationDefinition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judged_statuses",
        verbose_name=_("bedømt efter"),
    )
    is_positive = models.BooleanField(_("positiv destination"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="destination_statuses",
        verbose_name=_("registreret af"),
    )

    class Meta:
        ordering = ["-status_date", "-created_at", "-id"]
        verbose_name = _("status")
        verbose_name_plural = _("statushistorik")
        constraints = [
            # The same status on the same day from the same source is one entry: a re-import
            # of the same extract adds nothing.
            models.UniqueConstraint(
                fields=["young_person", "status_date", "status", "source"],
                name="destination_status_unique",
            )
        ]
        indexes = [
            models.Index(fields=["young_person", "-status_date"], name="status_person_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.status_date:%Y-%m-%d} ({self.uuid})"


class FollowUp(MunicipalModel):
    """The guidance counsellor's follow-up of one young person: the current status (kept up to
    date by the status services, so the worklist is one query), who follows them and when the
    next contact is due. `positive_since` is the date they reached a positive destination."""

    young_person = models.OneToOneField(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        related_name="follow_up",
        verbose_name=_("ung"),
    )
    current_status = models.CharField(
        _("nuværende status"), max_length=20, choices=Status.choices, default=Status.UNKNOWN
    )
    status_date = models.DateField(_("statusdato"), null=True, blank=True)
    status_source = models.CharField(
        _("kilde"), max_length=20, choices=DestinationStatus.Source.choices, blank=True
    )
    is_positive = models.BooleanField(_("i positiv destination"), default=False)
    positive_since = models.DateField(_("positiv destination fra"), null=True, blank=True)
    left_education_date = models.DateField(_("forlod uddannelse"), null=True, blank=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("ungevejleder"),
    )
    next_contact_date = models.DateField(_("næste kontakt"), null=True, blank=True)

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        indexes = [
            models.Index(fields=["municipality", "is_positive"], name="followup_positive"),
            models.Index(fields=["counsellor", "next_contact_date"], name="followup_counsellor"),
        ]

    def __str__(self) -> str:
        return f"{self.young_person_id}: {self.current_status}"


class ContactLogEntry(MunicipalModel):
    """One contact or action in the follow-up: a call, a meeting, a letter, and what came of it."""

    class Kind(models.TextChoices):
        PHONE = "PHONE", _("Telefon")
        SMS = "SMS", _("SMS")
        EMAIL = "EMAIL", _("E-mail")
        MEETING = "MEETING", _("Møde")
        HOME_VISIT = "HOME_VISIT", _("Hjemmebesøg")
        LETTER = "LETTER", _("Brev")
        NO_ANSWER = "NO_ANSWER", _("Forsøgt, intet svar")
        ACTION = "ACTION", _("Handling")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    young_person = models.ForeignKey(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        related_name="contact_log",
        verbose_name=_("ung"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contact_log_entries",
        verbose_name=_("skrevet af"),
    )
    contact_date = models.DateField(_("dato"))
    kind = models.CharField(_("kontaktform"), max_length=20, choices=Kind.choices)
    note = models.TextField(
        _("notat"), blank=True, validators=[MaxLengthValidator(FREE_TEXT_MAX), no_cpr_validator]
    )

    class Meta:
        ordering = ["-contact_date", "-created_at", "-id"]
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontaktlog")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.contact_date:%Y-%m-%d} ({self.uuid})"


SELF_REPORT_DAYS = 30  # a personal link works this long, and once


class SelfReportInvitation(MunicipalModel):
    """A short self-report sent by e-mail to a young person whose status is unknown: a personal
    link that works without logging in, once, until it expires. Only the link's digest is kept;
    the answer becomes a self-reported status with its date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    young_person = models.ForeignKey(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        related_name="self_report_invitations",
        verbose_name=_("ung"),
    )
    email = models.EmailField(_("e-mail"))
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="self_report_invitations",
        verbose_name=_("sendt af"),
    )
    expires_at = models.DateTimeField(_("udløber"))
    answered_at = models.DateTimeField(_("besvaret"), null=True, blank=True)
    may_contact = models.BooleanField(_("må kontaktes"), null=True, blank=True)
    wish = models.TextField(
        _("ønske"), blank=True, validators=[MaxLengthValidator(FREE_TEXT_MAX), no_cpr_validator]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("selvrapport")
        verbose_name_plural = _("selvrapporter")

    def __str__(self) -> str:
        return f"{self.young_person_id} ({self.uuid})"
