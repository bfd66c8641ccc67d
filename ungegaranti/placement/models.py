"""Work-experience rounds: a coordinator places every pupil of a cohort on the erhvervspraktik
offers taking part, with the allocation engine (engine/, format in docs/allocation-format.md)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel

MAX_WISHES = 5
WORK_EXPERIENCE_GRADES = (7, 8, 9)


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
    via = models.CharField(_("hvordan"), max_length=10, choices=Via.choices)
    rank = models.PositiveSmallIntegerField(_("ønske nr."), null=True, blank=True)
    distance_km = models.FloatField(_("afstand (km)"), null=True, blank=True)
    explanation = models.TextField(_("forklaring"))

    class Meta:
        ordering = ["round", "young_person__last_name", "young_person__first_name"]
        verbose_name = _("placering")
        verbose_name_plural = _("placeringer")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "young_person"], name="placement_unique_pupil"
            ),
            models.CheckConstraint(
                condition=models.Q(via="UNPLACED", round_offer__isnull=True)
                | (~models.Q(via="UNPLACED") & models.Q(round_offer__isnull=False)),
                name="placement_offer_unless_unplaced",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.young_person_id} -> {self.round_offer_id or '-'}"

    @property
    def activity_source_key(self) -> str:
        """The source of the activity publishing puts in the pupil's record; the attendance
        is recorded on that same activity afterwards."""
        return f"placement:{self.round.uuid}:{self.young_person.uuid}"
