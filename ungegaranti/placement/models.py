"""Work-experience rounds: a coordinator places every pupil of a cohort on the erhvervspraktik
offers taking part, with the allocation engine (engine/, format in docs/allocation-format.md)."""

import uuid
from dataclasses import dataclass
from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel

MAX_WISHES = 5
WORK_EXPERIENCE_GRADES = (7, 8, 9)


@dataclass(frozen=True)
class Workplace:
    """The facts of a placement's workplace, the same for an offer and an own place."""

    title: str
    company: str
    cvr: str
    address: str
    postal_code: str
    day_starts_at: time | None
    day_ends_at: time | None
    tasks: str
    contact_name: str
    contact_email: str
    contact_phone: str
    light_work: bool
    own_place: bool


class Round(MunicipalModel):
    """One round for a district (or, with no district, the whole municipality)."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Kladde")
        OPEN = "OPEN", _("Åben for ønsker")
        CLOSED = "CLOSED", _("Lukket for ønsker")
        PUBLISHED = "PUBLISHED", _("Offentliggjort")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=150)
    district = models.ForeignKey(
        "people.SchoolDistrict",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_rounds",
        verbose_name=_("skoledistrikt"),
        help_text=_("Tomt: hele kommunen."),
    )
    grades = models.JSONField(_("klassetrin"), default=list)
    start_date = models.DateField(_("praktik fra"))
    end_date = models.DateField(_("praktik til"))
    wish_deadline_date = models.DateField(_("frist for ønsker"))
    max_fallback_km = models.FloatField(
        _("største afstand for en plads uden for ønskerne (km)"),
        null=True,
        blank=True,
        default=25.0,
        validators=[MinValueValidator(0)],
    )
    seed = models.PositiveBigIntegerField(_("startværdi for lodtrækning (seed)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_run = models.OneToOneField(
        "placement.Run",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_in",
        verbose_name=_("offentliggjort kørsel"),
    )
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placement_rounds_created",
        verbose_name=_("oprettet af"),
    )

    class Meta:
        ordering = ["-start_date", "-created_at"]
        verbose_name = _("praktikrunde")
        verbose_name_plural = _("praktikrunder")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="round_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(wish_deadline_date__lte=models.F("start_date")),
                name="round_deadline_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.uuid})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("placement:round_detail", kwargs={"uuid": self.uuid})

    @property
    def grades_label(self) -> str:
        return ", ".join(f"{g}." for g in sorted(self.grades))


class RoundOffer(MunicipalModel):
    """An erhvervspraktik offer taking part in a round, with the round's own seat count."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="round_offers", verbose_name=_("runde")
    )
    offer = models.ForeignKey(
        "marketplace.Offer",
        on_delete=models.PROTECT,
        related_name="round_offers",
        verbose_name=_("tilbud"),
    )
    period = models.ForeignKey(
        "marketplace.OfferPeriod",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="round_offers",
        verbose_name=_("periode"),
    )
    seats = models.PositiveIntegerField(_("pladser i runden"))

    class Meta:
        ordering = ["offer__title", "id"]
        verbose_name = _("tilbud i runden")
        verbose_name_plural = _("tilbud i runden")
        constraints = [
            models.UniqueConstraint(fields=["round", "offer"], name="round_offer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.offer.title} ({self.uuid})"


class Wish(MunicipalModel):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="wishes", verbose_name=_("runde")
    )
    young_person = models.ForeignKey(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        related_name="placement_wishes",
        verbose_name=_("elev"),
    )
    round_offer = models.ForeignKey(
        RoundOffer, on_delete=models.CASCADE, related_name="wishes", verbose_name=_("tilbud")
    )
    rank = models.PositiveSmallIntegerField(
        _("prioritet"), validators=[MinValueValidator(1), MaxValueValidator(MAX_WISHES)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placement_wishes_made",
        verbose_name=_("indtastet af"),
    )

    class Meta:
        ordering = ["round", "young_person", "rank"]
        verbose_name = _("ønske")
        verbose_name_plural = _("ønsker")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "young_person", "rank"], name="wish_unique_rank"
            ),
            models.UniqueConstraint(
                fields=["round", "young_person", "round_offer"], name="wish_unique_offer"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=MAX_WISHES), name="wish_rank_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.young_person_id} #{self.rank} -> {self.round_offer_id}"


class Lock(MunicipalModel):
    """A placement fixed by hand by the coordinator (e.g. for a support pupil)."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="locks", verbose_name=_("runde")
    )
    young_person = models.ForeignKey(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        related_name="placement_locks",
        verbose_name=_("elev"),
    )
    round_offer = models.ForeignKey(
        RoundOffer, on_delete=models.CASCADE, related_name="locks", verbose_name=_("tilbud")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placement_locks_made",
        verbose_name=_("låst af"),
    )

    class Meta:
        ordering = ["round", "young_person"]
        verbose_name = _("låst placering")
        verbose_name_plural = _("låste placeringer")
        constraints = [
            models.UniqueConstraint(fields=["round", "young_person"], name="lock_unique_pupil")
        ]

    def __str__(self) -> str:
        return f"{self.young_person_id} låst til {self.round_offer_id}"


class Run(MunicipalModel):
    """One run of the engine: the exact instance and result text, so an auditor can rerun it
    (python -m ungegaranti.placement solve) and get the same bytes."""

    class Mechanism(models.TextChoices):
        OPTIMAL = "optimal", _("Optimal")
        LOTTERY = "lottery", _("Lodtrækning")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="runs", verbose_name=_("runde")
    )
    mechanism = models.CharField(_("metode"), max_length=10, choices=Mechanism.choices)
    seed = models.PositiveBigIntegerField(_("lodtrækningsnummer"))
    engine = models.CharField(_("version af fordelingsprogrammet"), max_length=50)
    instance_json = models.TextField(_("fordelingsdata (JSON)"))
    result_json = models.TextField(_("resultat (JSON)"))
    summary = models.JSONField(_("opsummering"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placement_runs",
        verbose_name=_("kørt af"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kørsel")
        verbose_name_plural = _("kørsler")

    def __str__(self) -> str:
        return f"{self.get_mechanism_display()} {self.uuid}"


class Placement(MunicipalModel):
    """A published result for one pupil (offer, or none with the reason), with its explanation."""

    class Via(models.TextChoices):
        LOCKED = "LOCKED", _("Låst af koordinator")
        WISH = "WISH", _("Ønske")
        FALLBACK = "FALLBACK", _("Ledig plads")
        UNPLACED = "UNPLACED", _("Ikke placeret")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="placements", verbose_name=_("runde")
    )
    young_person = models.ForeignKey(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("elev"),
    )
    round_offer = models.ForeignKey(
        RoundOffer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("tilbud"),
    )
    own_place = models.ForeignKey(
        "placement.OwnPlace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("egen plads"),
    )
    via = models.CharField(_("hvordan"), max_length=10, choices=Via.choices)
    rank = models.PositiveSmallIntegerField(_("ønske nr."), null=True, blank=True)
    distance_km = models.FloatField(_("afstand (km)"), null=True, blank=True)
    explanation = models.TextField(_("forklaring"))
    feedback = models.TextField(_("virksomhedens tilbagemelding"), max_length=2000, blank=True)
    feedback_at = models.DateTimeField(_("tilbagemelding givet"), null=True, blank=True)

    class Meta:
        ordering = ["round", "young_person__last_name", "young_person__first_name"]
        verbose_name = _("placering")
        verbose_name_plural = _("placeringer")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "young_person"], name="placement_unique_pupil"
            ),
            models.CheckConstraint(
                condition=models.Q(via="UNPLACED", round_offer__isnull=True, own_place__isnull=True)
                | (
                    ~models.Q(via="UNPLACED")
                    & models.Q(round_offer__isnull=False, own_place__isnull=True)
                )
                | models.Q(via="LOCKED", round_offer__isnull=True, own_place__isnull=False),
                name="placement_offer_or_own_place_unless_unplaced",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.young_person_id} -> {self.round_offer_id or '-'}"

    @property
    def workplace(self) -> "Workplace | None":
        """Where the pupil is placed, from the round's offer or the approved own place."""
        if self.round_offer is not None:
            offer = self.round_offer.offer
            return Workplace(
                title=offer.title,
                company=offer.partner.name,
                cvr=offer.partner.cvr,
                address=offer.address,
                postal_code=offer.postal_code,
                day_starts_at=offer.day_starts_at,
                day_ends_at=offer.day_ends_at,
                tasks=offer.description,
                contact_name=offer.contact_name,
                contact_email=offer.contact_email,
                contact_phone=offer.contact_phone,
                light_work=offer.light_work,
                own_place=False,
            )
        if self.own_place is not None:
            own = self.own_place
            return Workplace(
                title=_("Egen praktikplads hos %(name)s") % {"name": own.company_name},
                company=own.company_name,
                cvr=own.cvr,
                address=own.address,
                postal_code=own.postal_code,
                day_starts_at=own.day_starts_at,
                day_ends_at=own.day_ends_at,
                tasks=own.tasks,
                contact_name=own.contact_name,
                contact_email=own.contact_email,
                contact_phone=own.contact_phone,
                light_work=own.light_work,
                own_place=True,
            )
        return None

    @property
    def activity_source_key(self) -> str:
        """The source of the activity publishing puts in the pupil's record; the attendance
        is recorded on that same activity afterwards."""
        return f"placement:{self.round.uuid}:{self.young_person.uuid}"


class Campaign(MunicipalModel):
    """A coordinator's request to partners for seats in a round's period, started from the
    round's shortfall: one invitation (a personal, expiring link by e-mail) per partner."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="campaigns", verbose_name=_("runde")
    )
    seats_missing = models.PositiveIntegerField(_("manglende pladser ved start"))
    expires_at = models.DateTimeField(_("linkene udløber"))
    reminded_at = models.DateTimeField(_("påmindelse sendt"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placement_campaigns",
        verbose_name=_("startet af"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pladskampagne")
        verbose_name_plural = _("pladskampagner")

    def __str__(self) -> str:
        return f"{self.round.name} ({self.uuid})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("placement:campaign_detail", kwargs={"uuid": self.uuid})


class Invitation(MunicipalModel):
    """One partner asked in a campaign, through one of its contacts, and its answer."""

    class Answer(models.TextChoices):
        PENDING = "PENDING", _("Afventer svar")
        OFFERED = "OFFERED", _("Har tilbudt pladser")
        DECLINED = "DECLINED", _("Har takket nej")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("kampagne"),
    )
    partner = models.ForeignKey(
        "partners.GuaranteePartner",
        on_delete=models.CASCADE,
        related_name="campaign_invitations",
        verbose_name=_("garantipartner"),
    )
    contact = models.ForeignKey(
        "partners.PartnerContact",
        on_delete=models.CASCADE,
        related_name="campaign_invitations",
        verbose_name=_("kontaktperson"),
    )
    distance_km = models.FloatField(
        _("afstand til nærmeste by med mangel (km)"), null=True, blank=True
    )
    answer = models.CharField(
        _("svar"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("besvaret"), null=True, blank=True)
    seats = models.PositiveIntegerField(_("tilbudte pladser"), default=0)
    round_offer = models.OneToOneField(
        RoundOffer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("tilbud i runden"),
    )

    class Meta:
        ordering = ["campaign", "distance_km", "id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitationer")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "partner"], name="invitation_unique_partner"
            ),
            models.CheckConstraint(
                condition=~models.Q(answer="OFFERED") | models.Q(seats__gt=0),
                name="invitation_offered_has_seats",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner.name} ({self.uuid})"


class OwnPlace(MunicipalModel):
    """A place a pupil (or their guardian) found themself, for one round. Once the coordinator
    approves it, the round's instance holds it as a one-seat offer the pupil is locked to."""

    class Status(models.TextChoices):
        PROPOSED = "PROPOSED", _("Afventer godkendelse")
        APPROVED = "APPROVED", _("Godkendt")
        REJECTED = "REJECTED", _("Afvist")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="own_places", verbose_name=_("runde")
    )
    young_person = models.ForeignKey(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        related_name="own_places",
        verbose_name=_("elev"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    company_name = models.CharField(_("virksomhedens navn"), max_length=200)
    cvr = models.CharField(_("CVR-nummer"), max_length=8)
    address = models.CharField(_("arbejdsstedets adresse"), max_length=200)
    postal_code = models.CharField(_("postnummer"), max_length=4)
    start_date = models.DateField(_("første dag"))
    end_date = models.DateField(_("sidste dag"))
    day_starts_at = models.TimeField(_("dagen begynder kl."))
    day_ends_at = models.TimeField(_("dagen slutter kl."))
    break_minutes = models.PositiveSmallIntegerField(_("pause (minutter)"), default=30)
    tasks = models.TextField(_("opgaver"), max_length=1000)
    light_work = models.BooleanField(_("let og ufarligt arbejde"), default=False)
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    contact_email = models.EmailField(_("kontaktpersonens e-mail"))
    contact_phone = models.CharField(_("kontaktpersonens telefon"), max_length=20, blank=True)
    reason = models.TextField(_("begrundelse for afvisning"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_own_places_decided",
        verbose_name=_("afgjort af"),
    )
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placement_own_places_proposed",
        verbose_name=_("foreslået af"),
    )

    class Meta:
        ordering = ["round", "-created_at"]
        verbose_name = _("egen praktikplads")
        verbose_name_plural = _("egne praktikpladser")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "young_person"],
                condition=~models.Q(status="REJECTED"),
                name="own_place_one_open_per_pupil",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="REJECTED") | ~models.Q(reason=""),
                name="own_place_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="own_place_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_name} ({self.uuid})"

    @property
    def label(self) -> str:
        return f"{self.company_name} ({_('egen plads')})"


class Agreement(MunicipalModel):
    """The praktikaftale of one placement: generated from the data, confirmed by the company
    (with its risk assessment), by a guardian when the pupil is under 18, and by the pupil."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="agreement", verbose_name=_("placering")
    )
    guardian_required = models.BooleanField(_("kræver en forælders bekræftelse"), default=True)
    company_confirmed_at = models.DateTimeField(
        _("bekræftet af virksomheden"), null=True, blank=True
    )
    company_confirmed_name = models.CharField(
        _("bekræftet af (virksomheden)"), max_length=200, blank=True
    )
    risk_assessed = models.BooleanField(
        _("virksomheden har vurderet risici og informeret forældrene"), default=False
    )
    guardian_confirmed_at = models.DateTimeField(
        _("bekræftet af en forælder"), null=True, blank=True
    )
    guardian_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_agreements_as_guardian",
        verbose_name=_("forælder, der bekræftede"),
    )
    pupil_confirmed_at = models.DateTimeField(_("bekræftet af eleven"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("påmindelse sendt"), null=True, blank=True)

    class Meta:
        ordering = ["placement__round", "id"]
        verbose_name = _("praktikaftale")
        verbose_name_plural = _("praktikaftaler")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(company_confirmed_at__isnull=True)
                | models.Q(risk_assessed=True),
                name="agreement_company_confirms_risks",
            )
        ]

    def __str__(self) -> str:
        return f"{_('Praktikaftale')} {self.uuid}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("placement:agreement_detail", kwargs={"uuid": self.uuid})

    @property
    def missing(self) -> list[str]:
        """The confirmations still missing, in Danish, in the order they are usually given."""
        left = []
        if self.company_confirmed_at is None:
            left.append(str(_("virksomheden")))
        if self.guardian_required and self.guardian_confirmed_at is None:
            left.append(str(_("en forælder")))
        if self.pupil_confirmed_at is None:
            left.append(str(_("eleven")))
        return left

    @property
    def is_complete(self) -> bool:
        return not self.missing


class AttendanceDay(MunicipalModel):
    """One day of a placement as the company or the school registered it: the pupil was
    there or not. The days present count towards the five days of erhvervspraktik."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("placering")
    )
    day_date = models.DateField(_("dag"))
    present = models.BooleanField(_("mødt"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placement_attendance_recorded",
        verbose_name=_("registreret af"),
    )

    class Meta:
        ordering = ["placement", "day_date"]
        verbose_name = _("fremmødedag")
        verbose_name_plural = _("fremmødedage")
        constraints = [
            models.UniqueConstraint(fields=["placement", "day_date"], name="attendance_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.day_date.isoformat()}"


class Incident(MunicipalModel):
    """Something that happened during a placement (an injury), with what an insurance claim
    under the state's compensation scheme needs."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="incidents", verbose_name=_("placering")
    )
    occurred_at = models.DateTimeField(_("tidspunkt"))
    description = models.TextField(_("hvad skete der"), max_length=2000)
    injury = models.BooleanField(_("eleven kom til skade"), default=False)
    treatment = models.CharField(
        _("behandling (førstehjælp, skadestue, læge)"), max_length=200, blank=True
    )
    witnesses = models.CharField(_("vidner"), max_length=300, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placement_incidents_reported",
        verbose_name=_("meldt af"),
    )

    class Meta:
        ordering = ["placement", "occurred_at"]
        verbose_name = _("hændelse")
        verbose_name_plural = _("hændelser")

    def __str__(self) -> str:
        return f"{_('Hændelse')} {self.uuid}"
