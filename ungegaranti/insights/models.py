"""What insight keeps of its own: population figures (reference data, with source and year),
each municipality's yearly budget for the guarantee, the dashboards' summary table, and the
research projects the secretariat registers."""

import uuid

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
