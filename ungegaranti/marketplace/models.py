"""The digital marketplace (ungegarantien.dk): partners' offers and the periods with seats."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel, postal_code_validator
from ungegaranti.partners.models import Sector
from ungegaranti.plans.models import OFFER_KINDS, ActivityKind

# Offer types booked by a teacher for a whole class (one seat = one class).
CLASS_TYPES = frozenset(
    {ActivityKind.COMPANY_VISIT, ActivityKind.OPEN_SCHOOL_COURSE, ActivityKind.YOUTH_FAIR}
)

# Kinds only the young person's record holds (an event of the annual wheel, a class's
# Uddannelse & Job, a guidance conversation, the young person's own) are no offer type.
OFFER_TYPES = [(kind, label) for kind, label in ActivityKind.choices if kind in OFFER_KINDS]


class NightWork(models.TextChoices):
    """The night-work exceptions by trade for young people who have finished 9th grade (the
    values are rules.NightWork's)."""

    NONE = "", _("Ingen – arbejdsdagen slutter senest kl. 20")
    UNTIL_22 = "UNTIL_22", _("Til kl. 22 (branche med undtagelse)")
    UNTIL_24 = "UNTIL_24", _("Til kl. 24 (fx hotel og restauration, bagerier, kultur og sport)")


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
    type = models.CharField(_("type"), max_length=30, choices=OFFER_TYPES)
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
    break_minutes = models.PositiveSmallIntegerField(
        _("pause (minutter)"),
        default=0,
        validators=[MaxValueValidator(240)],
        help_text=_("Unge under 18 år skal have mindst 30 minutters pause efter 4½ times arbejde."),
    )
    night_work = models.CharField(
        _("arbejde efter kl. 20"),
        max_length=10,
        choices=NightWork.choices,
        blank=True,
        default="",
        help_text=_(
            "Kun for unge, der har afsluttet 9. klasse, og kun i de brancher, bekendtgørelsen "
            "om unges arbejde nævner. Ellers slutter arbejdsdagen senest kl. 20."
        ),
    )
    during_school_period = models.BooleanField(
        _("foregår i skoleperioden"),
        default=True,
        help_text=_("Nej, hvis arbejdet kun ligger i ferier (skolefri uger)."),
    )
    works_on_school_days = models.BooleanField(
        _("arbejde på skoledage"),
        default=True,
        help_text=_("Nej, hvis arbejdet i skoleperioden kun ligger på fridage (fx lørdag)."),
    )
    for_school_leavers = models.BooleanField(
        _("kun for unge, der har afsluttet 9. klasse"), default=False
    )
    light_work = models.BooleanField(
        _("let arbejde"),
        default=False,
        help_text=_(
            "Arbejdet er let og ufarligt: ingen farlige maskiner, stoffer eller tunge løft. "
            "Kræves, når tilbuddet er for unge under 15 år eller elever i grundskolen."
        ),
    )
    under_13_observation = models.BooleanField(
        _("elever under 13 år: kun observation og arbejdslignende opgaver"),
        default=False,
        help_text=_(
            "Kun erhvervspraktik. Elever under 13 år må ikke arbejde for virksomheden: de følger "
            "jeres medarbejdere, ser med og prøver arbejdslignende opgaver under opsyn."
        ),
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

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("marketplace:offer_detail", kwargs={"uuid": self.uuid})

    @property
    def is_for_classes(self) -> bool:
        return self.type in CLASS_TYPES


class OfferPeriod(MunicipalModel):
    """Dates (e.g. one week of erhvervspraktik) with a number of seats; seats_taken counts
    accepted bookings and is only changed by the booking services, atomically."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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


class Application(MunicipalModel):
    """A young person's application, or a teacher's booking for a class, for one period of an
    offer. Seats are taken only on acceptance (services.application_accept)."""

    class Status(models.TextChoices):
        AWAITING_CONSENT = "AWAITING_CONSENT", _("Afventer forældresamtykke")
        REQUESTED = "REQUESTED", _("Afventer svar")
        ACCEPTED = "ACCEPTED", _("Accepteret")
        DECLINED = "DECLINED", _("Afvist")
        WITHDRAWN = "WITHDRAWN", _("Trukket tilbage")
        CANCELLED = "CANCELLED", _("Aflyst af virksomheden")
        COMPLETED = "COMPLETED", _("Gennemført")
        NO_SHOW = "NO_SHOW", _("Ikke mødt")

    class DeclineReason(models.TextChoices):
        NO_SEATS = "NO_SEATS", _("Ingen ledige pladser")
        PERIOD = "PERIOD", _("Perioden passer os ikke")
        NOT_MATCHING = "NOT_MATCHING", _("Tilbuddet passer ikke til den unges ønsker eller alder")
        NO_CAPACITY = "NO_CAPACITY", _("Vi har ikke mulighed for at tage imod lige nu")
        OTHER = "OTHER", _("Anden grund (skriv hvilken)")

    ACTIVE = ("AWAITING_CONSENT", "REQUESTED", "ACCEPTED")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="applications", verbose_name=_("tilbud")
    )
    period = models.ForeignKey(
        OfferPeriod,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("periode"),
    )
    young_person = models.ForeignKey(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("ung"),
    )
    school_class = models.ForeignKey(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("klasse"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications_made",
        verbose_name=_("anmodet af"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    message = models.TextField(_("besked"), max_length=2000, blank=True)
    reply_to = models.CharField(_("svar gerne til"), max_length=200, blank=True)
    share_support_needs = models.BooleanField(
        _("del med virksomheden, at den unge får ekstra støtte"), default=False
    )
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents_given",
        verbose_name=_("samtykke givet af"),
    )
    consent_at = models.DateTimeField(_("samtykke givet"), null=True, blank=True)
    answer_message = models.TextField(_("virksomhedens svar"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("besvaret"), null=True, blank=True)
    decline_reason = models.CharField(
        _("begrundelse"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    referred_partner = models.ForeignKey(
        "partners.GuaranteePartner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("henvist til garantipartner"),
    )
    referred_to_coordinator = models.BooleanField(
        _("henvist til praktikkoordinator/vejleder"), default=False
    )
    status_changed_at = models.DateTimeField(_("status ændret"), default=timezone.now)
    followup_resolved_at = models.DateTimeField(_("opfølgning afsluttet"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ansøgning")
        verbose_name_plural = _("ansøgninger")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(young_person__isnull=False, school_class__isnull=True)
                | models.Q(young_person__isnull=True, school_class__isnull=False),
                name="application_person_or_class",
            ),
            models.UniqueConstraint(
                fields=["offer", "young_person"],
                condition=models.Q(status__in=["AWAITING_CONSENT", "REQUESTED", "ACCEPTED"]),
                name="application_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["offer", "school_class"],
                condition=models.Q(status__in=["AWAITING_CONSENT", "REQUESTED", "ACCEPTED"]),
                name="booking_one_active_per_class",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="DECLINED") | ~models.Q(decline_reason=""),
                name="application_decline_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "status_changed_at"], name="application_status_at"),
            models.Index(fields=["offer", "status"], name="application_offer_status"),
        ]

    def __str__(self) -> str:
        return f"{self.offer.title}: {self.get_status_display()} ({self.uuid})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("marketplace:application_detail", kwargs={"uuid": self.uuid})

    @property
    def is_booking(self) -> bool:
        return self.school_class_id is not None

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def declined_without_referral(self) -> bool:
        return (
            self.status == self.Status.DECLINED
            and self.referred_partner_id is None
            and not self.referred_to_coordinator
        )
