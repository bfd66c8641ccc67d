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


class Plan(MunicipalModel):
    """The shared long-term plan of one young person. It belongs to the person, not to a class
    or a school, so it follows them across classes, schools and school leaving. `revision`
    counts the changes to its content, so a guardian's co-signature names the version signed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    young_person = models.OneToOneField(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        related_name="plan",
        verbose_name=_("ung"),
    )
    revision = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")

    def __str__(self) -> str:
        return f"{self.young_person_id}: v{self.revision} ({self.uuid})"


PLAN_LINE_MAX = 500


def _plan_line(label: Any) -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(
        label,
        max_length=PLAN_LINE_MAX,
        validators=[MaxLengthValidator(PLAN_LINE_MAX), no_cpr_validator],
    )


class PlanWish(MunicipalModel):
    """An education or job wish, dated: a new wish is added, never written over, so the plan
    shows how the wishes moved over the years."""

    class Kind(models.TextChoices):
        EDUCATION = "EDUCATION", _("Uddannelse")
        JOB = "JOB", _("Job")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="wishes", verbose_name=_("plan")
    )
    kind = models.CharField(_("ønske om"), max_length=20, choices=Kind.choices)
    text = _plan_line(_("ønske"))
    wish_date = models.DateField(_("dato"))

    class Meta:
        ordering = ["-wish_date", "-created_at", "-id"]
        verbose_name = _("ønske")
        verbose_name_plural = _("ønsker")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.wish_date:%Y-%m-%d} ({self.uuid})"


class DestinationStatement(MunicipalModel):
    """The young person's destination statement: the clarified education or job wish, with its
    date. The newest is the one in force; earlier ones stay in the plan's history."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="statements", verbose_name=_("plan")
    )
    text = _plan_line(_("destinationserklæring"))
    statement_date = models.DateField(_("dato"))

    class Meta:
        ordering = ["-statement_date", "-created_at", "-id"]
        verbose_name = _("destinationserklæring")
        verbose_name_plural = _("destinationserklæringer")

    def __str__(self) -> str:
        return f"{self.statement_date:%Y-%m-%d} ({self.uuid})"


class PlanStep(MunicipalModel):
    """A next step in the plan, with the professional responsible and the date it is due."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="steps", verbose_name=_("plan")
    )
    text = _plan_line(_("næste skridt"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_steps",
        verbose_name=_("ansvarlig"),
    )
    due_date = models.DateField(_("senest"))
    done_date = models.DateField(_("udført"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_steps_created",
        verbose_name=_("skrevet af"),
    )

    class Meta:
        ordering = ["done_date", "due_date", "created_at", "id"]
        verbose_name = _("næste skridt")
        verbose_name_plural = _("næste skridt")
        indexes = [models.Index(fields=["plan", "due_date"], name="planstep_plan_due")]

    def __str__(self) -> str:
        return f"{self.due_date:%Y-%m-%d} ({self.uuid})"


class PlanComment(MunicipalModel):
    """A comment on the plan by a professional in scope."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="comments", verbose_name=_("plan")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_comments",
        verbose_name=_("skrevet af"),
    )
    text = models.TextField(
        _("kommentar"), validators=[MaxLengthValidator(FREE_TEXT_MAX), no_cpr_validator]
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("kommentar til planen")
        verbose_name_plural = _("kommentarer til planen")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.uuid}"


class PlanSignature(MunicipalModel):
    """A guardian's co-signature of a minor's plan, as it stood at `revision`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("plan")
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_signatures",
        verbose_name=_("underskrevet af"),
    )
    revision = models.PositiveIntegerField(_("version"))
    signed_at = models.DateTimeField(_("underskrevet"))

    class Meta:
        ordering = ["-signed_at", "-id"]
        verbose_name = _("medunderskrift")
        verbose_name_plural = _("medunderskrifter")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "signed_by", "revision"], name="plan_signature_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.revision} ({self.uuid})"


TRANSITION_MIN_AGE = 16  # Ungekoordinering begins at 16, two years before the adult services


class TransitionPlan(MunicipalModel):
    """Transition to adulthood (Ungekoordinering) for a young person on the support track who
    is expected to need municipal support after 18: recorded by a professional, with the date,
    and the coordination meetings held from 16."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="transition", verbose_name=_("plan")
    )
    expected_date = models.DateField(_("vurderet"))
    reason = models.TextField(
        _("begrundelse"), validators=[MaxLengthValidator(FREE_TEXT_MAX), no_cpr_validator]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="transition_plans",
        verbose_name=_("vurderet af"),
    )

    class Meta:
        verbose_name = _("ungekoordinering")
        verbose_name_plural = _("ungekoordineringer")

    def __str__(self) -> str:
        return f"{self.plan_id} ({self.uuid})"


class CoordinationMeeting(MunicipalModel):
    """A coordination meeting across departments (school, guidance, children and families, the
    job centre, adult services) about the young person's transition to adulthood."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    transition = models.ForeignKey(
        TransitionPlan,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("ungekoordinering"),
    )
    meeting_date = models.DateField(_("mødedato"))
    participants = models.TextField(
        _("deltagere"), validators=[MaxLengthValidator(FREE_TEXT_MAX), no_cpr_validator]
    )
    summary = models.TextField(
        _("referat"),
        blank=True,
        validators=[MaxLengthValidator(FREE_TEXT_MAX), no_cpr_validator],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordination_meetings",
        verbose_name=_("skrevet af"),
    )

    class Meta:
        ordering = ["-meeting_date", "-created_at", "-id"]
        verbose_name = _("koordineringsmøde")
        verbose_name_plural = _("koordineringsmøder")

    def __str__(self) -> str:
        return f"{self.meeting_date:%Y-%m-%d} ({self.uuid})"


class CoordinationAction(MunicipalModel):
    """An action agreed at a coordination meeting: what, who is responsible (a person and their
    department, who need not have a login here) and the date by which it must be done."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(
        CoordinationMeeting,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("møde"),
    )
    text = _plan_line(_("aftalt handling"))
    responsible = models.CharField(_("ansvarlig"), max_length=200, validators=[no_cpr_validator])
    due_date = models.DateField(_("senest"))
    done_date = models.DateField(_("udført"), null=True, blank=True)

    class Meta:
        ordering = ["done_date", "due_date", "created_at", "id"]
        verbose_name = _("aftalt handling")
        verbose_name_plural = _("aftalte handlinger")

    def __str__(self) -> str:
        return f"{self.due_date:%Y-%m-%d} ({self.uuid})"
