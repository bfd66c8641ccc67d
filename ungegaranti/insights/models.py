"""What insight keeps of its own: population figures (reference data, with source and year),
each municipality's yearly budget for the guarantee, the dashboards' summary table, and the
research projects the secretariat registers."""

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel, TimeStampedModel


class PopulationFigure(TimeStampedModel):
    """The number of 7-29 year olds in a municipality or in all of Denmark in one year, as a
    published source gives it. National reference data, not one municipality's row."""

    class Area(models.TextChoices):
        MUNICIPALITY = "MUNICIPALITY", _("Kommune")
        COUNTRY = "COUNTRY", _("Hele landet")

    area = models.CharField(_("område"), max_length=20, choices=Area.choices)
    # The municipality code for a municipality; empty for the whole country.
    code = models.CharField(
        _("kommunekode"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", _("Kommunekoden skal være tre cifre."))],
    )
    name = models.CharField(_("navn"), max_length=100)
    year = models.PositiveSmallIntegerField(_("år"))
    young_people = models.PositiveIntegerField(_("7-29-årige"), validators=[MinValueValidator(1)])
    source = models.CharField(_("kilde"), max_length=300)

    class Meta:
        ordering = ["area", "name", "-year"]
        verbose_name = _("befolkningstal")
        verbose_name_plural = _("befolkningstal")
        constraints = [
            models.UniqueConstraint(fields=["area", "code", "year"], name="population_unique"),
            models.CheckConstraint(
                condition=models.Q(area="COUNTRY", code="")
                | (models.Q(area="MUNICIPALITY") & ~models.Q(code="")),
                name="population_code_for_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}: {self.young_people}"


class Budget(MunicipalModel):
    """The municipality's yearly budget for the guarantee, in whole kroner (a calendar year,
    as municipal budgets are)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("år"))
    amount_dkk = models.PositiveBigIntegerField(
        _("budget (kr.)"),
        validators=[MinValueValidator(1, _("Budgettet skal være et positivt beløb."))],
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="insight_budgets",
        verbose_name=_("indtastet af"),
    )

    class Meta:
        ordering = ["municipality", "-year"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgetter")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="budget_unique_year"),
            models.CheckConstraint(condition=models.Q(amount_dkk__gt=0), name="budget_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}: {self.amount_dkk} kr. ({self.uuid})"


class Figure(MunicipalModel):
    """One aggregate of the dashboards' summary table: a count (or hours) for one metric, one
    school year, one school (or none: not split by school), one row and one column of the chart.
    Rebuilt per municipality by the refresh job (insights.tasks), so a dashboard is a single
    indexed aggregate query instead of a pass over the municipality's rows."""

    metric = models.CharField(_("nøgletal"), max_length=40)
    # The school year's starting year; None for figures as of the refresh (partners).
    school_year = models.PositiveSmallIntegerField(_("skoleår"), null=True, blank=True)
    district = models.ForeignKey(
        "people.SchoolDistrict",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="insight_figures",
        verbose_name=_("skoledistrikt"),
    )
    school = models.ForeignKey(
        "people.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="insight_figures",
        verbose_name=_("skole"),
    )
    row = models.CharField(_("række"), max_length=100)
    column = models.CharField(_("kolonne"), max_length=60)
    value = models.DecimalField(_("værdi"), max_digits=14, decimal_places=1)

    class Meta:
        verbose_name = _("nøgletal")
        verbose_name_plural = _("nøgletal")
        indexes = [
            models.Index(fields=["municipality", "school_year", "metric"], name="figure_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.school_year} {self.row}/{self.column}: {self.value}"


class FigureRefresh(MunicipalModel):
    """When the municipality's summary table was last rebuilt (shown on the dashboards)."""

    refreshed_at = models.DateTimeField(_("opdateret"))
    figures = models.PositiveIntegerField(_("antal nøgletal"))

    class Meta:
        verbose_name = _("opdatering af nøgletal")
        verbose_name_plural = _("opdateringer af nøgletal")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="figure_refresh_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.refreshed_at:%Y-%m-%d %H:%M}"


class ResearchVariable(models.TextChoices):
    """What a research project may be approved to receive. The first four are the
    quasi-identifiers on which k-anonymity is enforced (research.py)."""

    SEX = "SEX", _("Køn")
    BIRTH = "BIRTH", _("Fødselsår og -måned")
    DISTRICT = "DISTRICT", _("Skoledistrikt")
    GRADE = "GRADE", _("Klassetrin og skoleår")
    SUPPORT = "SUPPORT", _("Støttesporet")
    ACTIVITIES = "ACTIVITIES", _("Aktiviteter (type, fase, mål, timer)")
    ROUNDS = "ROUNDS", _("Erhvervspraktik: runder med metode, seed og resultat")
    STATUSES = "STATUSES", _("Statusser og destinationsvurderinger over tid")


class ResearchProject(MunicipalModel):
    """A research project the secretariat has registered, with the approval it rests on
    (Databeskyttelsesloven § 10) and the variables approved for it. Its pseudonym key is never
    stored: it is derived from the deployment's secret and the project's uuid (research.py)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("projektets navn"), max_length=200)
    data_controller = models.CharField(_("dataansvarlig"), max_length=200)
    purpose = models.TextField(_("formål"))
    legal_basis = models.CharField(_("retsgrundlag"), max_length=300)
    approval_reference = models.CharField(_("godkendelse (journalnummer)"), max_length=100)
    start_date = models.DateField(_("periode fra"))
    end_date = models.DateField(_("periode til"))
    variables = models.JSONField(_("godkendte variable"), default=list)
    researchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="research_projects",
        verbose_name=_("forskere"),
        blank=True,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_research_projects",
        verbose_name=_("registreret af"),
    )

    class Meta:
        ordering = ["municipality", "-start_date", "name"]
        verbose_name = _("forskningsprojekt")
        verbose_name_plural = _("forskningsprojekter")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="research_project_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="research_project_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.uuid})"

    def is_active_on(self, day: Any) -> bool:
        return self.start_date <= day <= self.end_date

    @property
    def variable_labels(self) -> list[str]:
        labels = dict(ResearchVariable.choices)
        return [str(labels[v]) for v in ResearchVariable.values if v in self.variables]


class ResearchExport(MunicipalModel):
    """One export of a project: requested by a researcher, built by a background job into one
    archive (data files as CSV and Parquet, data dictionary, disclosure report, manifest)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        ResearchProject,
        on_delete=models.PROTECT,
        related_name="exports",
        verbose_name=_("projekt"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="research_exports",
        verbose_name=_("bestilt af"),
    )
    job = models.ForeignKey(
        "core.BackgroundJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="research_exports",
        verbose_name=_("job"),
    )
    archive = models.FileField(_("arkiv"), upload_to="research/", blank=True)
    # What the job wrote: the manifest (files, rows, SHA-256) and the disclosure report.
    manifest = models.JSONField(_("manifest"), default=dict, blank=True)
    report = models.JSONField(_("rapport"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("forskningsudtræk")
        verbose_name_plural = _("forskningsudtræk")

    def __str__(self) -> str:
        return f"{self.project_id} {self.created_at:%Y-%m-%d %H:%M} ({self.uuid})"
