"""The record of each young person from 0. klasse to 29: career-learning activities (from
bookings, work-experience rounds, class activities, events, guidance conversations, or added by
the young person), each with the young person's before/during/after reflections, its Bill Law
stage and strategic goal, and comments by staff."""

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel

from .text import FREE_TEXT_MAX, no_cpr_validator


class ActivityKind(models.TextChoices):
    """Kinds of career-learning activity; the marketplace's offer types are among them."""

    WORK_EXPERIENCE = "WORK_EXPERIENCE", _("Erhvervspraktik")
    LEISURE_JOB = "LEISURE_JOB", _("Fritidsjob")
    INTRO_JOB = "INTRO_JOB", _("Introjob")
    COMPANY_VISIT = "COMPANY_VISIT", _("Virksomhedsbesøg")
    OPEN_SCHOOL_COURSE = "OPEN_SCHOOL_COURSE", _("Åben skole-forløb")
    JUNIOR_APPRENTICESHIP = "JUNIOR_APPRENTICESHIP", _("Juniormesterlære")
    APPRENTICESHIP = "APPRENTICESHIP", _("Læreplads/elevplads")
    YOUTH_FAIR = "YOUTH_FAIR", _("Ungemesse")
    CLASS_ACTIVITY = "CLASS_ACTIVITY", _("Uddannelse & Job i klassen")
    EVENT = "EVENT", _("Arrangement")
    GUIDANCE_CONVERSATION = "GUIDANCE_CONVERSATION", _("Vejledningssamtale")
    OWN = "OWN", _("Egen aktivitet")


# The kinds a guarantee partner can offer on the marketplace; the rest happen at school, at
# the municipality's events, with a counsellor, or on the young person's own initiative.
OFFER_KINDS = (
    ActivityKind.WORK_EXPERIENCE,
    ActivityKind.LEISURE_JOB,
    ActivityKind.INTRO_JOB,
    ActivityKind.COMPANY_VISIT,
    ActivityKind.OPEN_SCHOOL_COURSE,
    ActivityKind.JUNIOR_APPRENTICESHIP,
    ActivityKind.APPRENTICESHIP,
    ActivityKind.YOUTH_FAIR,
)


class Stage(models.TextChoices):
    """Bill Law's four stages of career learning, in the order a young person meets them."""

    SENSING = "SENSING", _("Opdage")
    SIFTING = "SIFTING", _("Ordne")
    FOCUSING = "FOCUSING", _("Fokusere")
    UNDERSTANDING = "UNDERSTANDING", _("Forstå")


class Goal(models.TextChoices):
    """The guarantee's strategic goals, in order, on the way to a positive destination."""

    INSIGHT = "INSIGHT", _("Indsigt")
    OUTLOOK = "OUTLOOK", _("Udsyn")
    COMPETENCES = "COMPETENCES", _("Kompetencer")


def _free_text(label: Any) -> models.TextField:  # type: ignore[type-arg]
    return models.TextField(
        label,
        blank=True,
        validators=[MaxLengthValidator(FREE_TEXT_MAX), no_cpr_validator],
    )


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
    stage = models.CharField(_("fase"), max_length=20, choices=Stage.choices, blank=True)
    goal = models.CharField(_("strategisk mål"), max_length=20, choices=Goal.choices, blank=True)
    reflection_before = _free_text(_("før: hvad forventer du?"))
    reflection_during = _free_text(_("under: hvad lavede du?"))
    reflection_after = _free_text(_("efter: hvad tager du med dig?"))
    reflected_at = models.DateTimeField(_("refleksion skrevet"), null=True, blank=True)
    class_activity = models.ForeignKey(
        "ClassActivity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pupil_activities",
        verbose_name=_("klasseaktivitet"),
    )

    class Meta:
        ordering = ["-start_date", "-created_at"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        indexes = [
            models.Index(fields=["young_person", "-start_date"], name="activity_person_date"),
        ]
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


class CareerLearningSetting(MunicipalModel):
    """A municipality's own target for Uddannelse & Job: hours a year on every grade level.

    Hjørring's local target is 25 (the seed); nationally the topic has no fixed hours."""

    yearly_target_hours = models.PositiveSmallIntegerField(
        _("mål for Uddannelse & Job (timer pr. skoleår)"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )

    class Meta:
        verbose_name = _("indstilling for karrierelæring")
        verbose_name_plural = _("indstillinger for karrierelæring")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="career_setting_one_per_muni")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.yearly_target_hours} h"


class ClassActivity(MunicipalModel):
    """An Uddannelse & Job activity a teacher records once for a whole class; it enters the
    record of every pupil in the class."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_class = models.ForeignKey(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        related_name="class_activities",
        verbose_name=_("klasse"),
    )
    topic = models.CharField(_("emne"), max_length=200)
    activity_date = models.DateField(_("dato"))
    hours = models.DecimalField(_("timer"), max_digits=4, decimal_places=1)
    stage = models.CharField(_("fase"), max_length=20, choices=Stage.choices)
    goal = models.CharField(_("strategisk mål"), max_length=20, choices=Goal.choices)
    partner = models.ForeignKey(
        "partners.GuaranteePartner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="class_activities",
        verbose_name=_("garantipartner"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="class_activities",
        verbose_name=_("registreret af"),
    )

    class Meta:
        ordering = ["-activity_date", "-created_at"]
        verbose_name = _("Uddannelse & Job-aktivitet")
        verbose_name_plural = _("Uddannelse & Job-aktiviteter")
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="class_activity_hours_pos")
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.uuid})"


class ActivityComment(MunicipalModel):
    """A teacher's or counsellor's comment on one activity in a young person's record."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="comments", verbose_name=_("aktivitet")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="activity_comments",
        verbose_name=_("skrevet af"),
    )
    text = models.TextField(
        _("kommentar"), validators=[MaxLengthValidator(FREE_TEXT_MAX), no_cpr_validator]
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.uuid}"
