"""The dashboards: which charts each track has, read from the summary table in one aggregate
query, protected by disclosure control for every audience but the secretariat, and drawn as
SVG on the server (no JavaScript), each with its table beside it.

A chart is either counts (rows x columns) or shares (a part of a whole per row, e.g. in a
positive destination of all); U&J hours are hours per class against the target, not counts of
people, and are shown as they are.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import Track
from ungegaranti.marketplace.models import Application
from ungegaranti.partners.models import COMMITMENT_FIELDS, commitment_label
from ungegaranti.plans.models import ActivityKind
from ungegaranti.plans.selectors import career_target_hours

from .disclosure import Cell, Hidden, protect_table
from .models import Figure

# Metrics that are not split by school: a district or school filter leaves them whole.
UNSPLIT = frozenset({"partners", "partner_commitments", "offers", "followup_load"})
# Metrics not tied to a school year: the school-year filter leaves them whole.
ALL_YEARS = frozenset(
    {
        "partners",
        "partner_commitments",
        "positive_month",
        "positive_now",
        "cohort_3m",
        "cohort_9m",
        "followup_load",
    }
)

Label = str | Promise


@dataclass(frozen=True)
class Column:
    label: Label
    sources: tuple[str, ...]  # the raw columns summed into this one


@dataclass(frozen=True)
class Spec:
    key: str
    track: str
    title: Label
    metric: str
    kind: str  # "counts", "share" or "hours"
    row_heading: Label
    columns: tuple[Column, ...] = ()
    part: tuple[str, ...] = ()  # share: the raw columns of the part ...
    whole: tuple[str, ...] = ()  # ... and of the whole
    personal: bool = True  # counts of people (protected), or of companies and offers (not)
    note: Label = ""


def _col(label: Label, *sources: str) -> Column:
    return Column(label, sources)


APPLIED = tuple(Application.Status.values)
ACCEPTED = ("ACCEPTED", "COMPLETED", "NO_SHOW")
APPLICATION_COLUMNS = (
    _col(_("Ansøgninger og bookinger"), *APPLIED),
    _col(_("Accepteret"), *ACCEPTED),
    _col(_("Afvist"), "DECLINED"),
    _col(_("Gennemført"), "COMPLETED"),
    _col(_("Ikke mødt"), "NO_SHOW"),
)

SPECS: tuple[Spec, ...] = (
    Spec(
        "partners",
        Track.Kind.BUSINESS,
        _("Garantipartnere"),
        "partners",
        "counts",
        _("Partnere"),
        (_col(_("Antal"), "n"),),
        personal=False,
    ),
    Spec(
        "commitments",
        Track.Kind.BUSINESS,
        _("Aktive partneres tilvalg"),
        "partner_commitments",
        "counts",
        _("Tilvalg"),
        (_col(_("Partnere"), "n"),),
        personal=False,
    ),
    Spec(
        "offers",
        Track.Kind.BUSINESS,
        _("Offentliggjorte tilbud efter type"),
        "offers",
        "counts",
        _("Type"),
        (_col(_("Tilbud"), "published"),),
        personal=False,
    ),
    Spec(
        "applications_month",
        Track.Kind.BUSINESS,
        _("Ansøgninger og bookinger pr. måned"),
        "applications_month",
        "counts",
        _("Måned"),
        APPLICATION_COLUMNS,
    ),
    Spec(
        "applications_type",
        Track.Kind.BUSINESS,
        _("Ansøgninger og bookinger efter type"),
        "applications_type",
        "counts",
        _("Type"),
        APPLICATION_COLUMNS,
    ),
    Spec(
        "acceptance",
        Track.Kind.BUSINESS,
        _("Andel accepteret af de besvarede"),
        "applications_type",
        "share",
        _("Type"),
        part=ACCEPTED,
        whole=(*ACCEPTED, "DECLINED"),
    ),
    Spec(
        "no_show",
        Track.Kind.BUSINESS,
        _("Andel ikke mødt af de afsluttede"),
        "applications_type",
        "share",
        _("Type"),
        part=("NO_SHOW",),
        whole=("COMPLETED", "NO_SHOW"),
    ),
    Spec(
        "referrals",
        Track.Kind.BUSINESS,
        _("Henvisninger (»ingen forkert dør«)"),
        "referrals",
        "counts",
        _("Måned"),
        (
            _col(_("Til en anden partner"), "partner"),
            _col(_("Til praktikkoordinator"), "coordinator"),
        ),
    ),
    Spec(
        "rounds",
        Track.Kind.PRIMARY_SCHOOL,
        _("Erhvervspraktik: fordelingen i offentliggjorte runder"),
        "rounds",
        "counts",
        _("Runde"),
        (
            _col(_("Elever"), "pupils"),
            _col(_("Placeret"), "placed"),
            _col(_("Første ønske"), "first_wish"),
            _col(_("Ledig plads (uden for ønskerne)"), "fallback"),
            _col(_("Ikke placeret"), "unplaced"),
        ),
    ),
    Spec(
        "runs",
        Track.Kind.PRIMARY_SCHOOL,
        _("Lodtrækning og optimal fordeling side om side"),
        "runs",
        "counts",
        _("Runde"),
        (
            _col(_("Lodtrækning: placeret"), "lottery:placed"),
            _col(_("Lodtrækning: første ønske"), "lottery:first_choice"),
            _col(_("Optimal: placeret"), "optimal:placed"),
            _col(_("Optimal: første ønske"), "optimal:first_choice"),
        ),
        note=_("Kun runder, der er kørt begge veje."),
    ),
    Spec(
        "uj_district",
        Track.Kind.PRIMARY_SCHOOL,
        _("Uddannelse & Job: timer pr. klasse mod målet, efter skoledistrikt"),
        "uj_district",
        "hours",
        _("Skoledistrikt"),
    ),
    Spec(
        "uj_hours",
        Track.Kind.PRIMARY_SCHOOL,
        _("Uddannelse & Job: timer pr. klasse mod målet"),
        "uj_school",
        "hours",
        _("Skole"),
    ),
    Spec(
        "uj_class",
        Track.Kind.PRIMARY_SCHOOL,
        _("Uddannelse & Job: timer i hver klasse mod målet"),
        "uj_class",
        "hours",
        _("Klasse"),
        note=_("Vælg en skole i filteret for at se dens klasser."),
    ),
    Spec(
        "reached",
        Track.Kind.PRIMARY_SCHOOL,
        _("Elever nået af mindst én gennemført aktivitet, efter klassetrin"),
        "reached",
        "share",
        _("Klassetrin"),
        part=("reached",),
        whole=("all",),
    ),
    Spec(
        "support_month",
        Track.Kind.SUPPORT,
        _("15-29-årige i støttesporet i positiv destination, måned for måned"),
        "positive_month",
        "share",
        _("Måned"),
        part=("support:positive",),
        whole=("support:all",),
    ),
    Spec(
        "support_now",
        Track.Kind.SUPPORT,
        _("15-29-årige i positiv destination i dag, efter støttespor"),
        "positive_now",
        "share",
        _("Gruppe"),
        part=("positive",),
        whole=("all",),
    ),
    Spec(
        "cohort_3m",
        Track.Kind.GUIDANCE,
        _("Positiv destination 3 måneder efter at have forladt uddannelse, pr. årgang"),
        "cohort_3m",
        "share",
        _("Forlod i skoleåret"),
        part=("positive",),
        whole=("all",),
    ),
    Spec(
        "cohort_9m",
        Track.Kind.GUIDANCE,
        _("Positiv destination 9 måneder efter at have forladt uddannelse, pr. årgang"),
        "cohort_9m",
        "share",
        _("Forlod i skoleåret"),
        part=("positive",),
        whole=("all",),
    ),
    Spec(
        "positive_month",
        Track.Kind.GUIDANCE,
        _("15-29-årige i positiv destination, måned for måned"),
        "positive_month",
        "share",
        _("Måned"),
        part=("all:positive",),
        whole=("all:all",),
    ),
    Spec(
        "positive_sex",
        Track.Kind.GUIDANCE,
        _("15-29-årige i positiv destination i dag, efter køn"),
        "positive_now",
        "share",
        _("Køn"),
        part=("positive",),
        whole=("all",),
    ),
    Spec(
        "followup_load",
        Track.Kind.GUIDANCE,
        _("Opfølgning pr. ungevejleder"),
        "followup_load",
        "counts",
        _("Ungevejleder"),
        (
            _col(_("Følges"), "followed"),
            _col(_("Ikke i positiv destination"), "open"),
            _col(_("Kontakt overskredet"), "overdue"),
        ),
    ),
)
SPECS_BY_KEY = {spec.key: spec for spec in SPECS}

# Which rows a chart keeps, where its metric holds more (positive_now holds every group).
ROW_FILTER: dict[str, tuple[str, ...]] = {
    "support_now": ("support", "no_support"),
    "positive_sex": ("F", "M"),
}


def _row_label(spec: Spec, key: str) -> str:
    if spec.metric in ("offers", "applications_type"):
        return str(dict(ActivityKind.choices).get(key, key))
    if spec.metric == "partner_commitments":
        return str(commitment_label(key))
    if spec.metric == "partners":
        return str(
            {
                "total": _("Garantipartnere i alt"),
                "active": _("Med gyldig aftale"),
                "renewal": _("Aftalen udløber inden 90 dage"),
            }[key]
        )
    if spec.metric == "reached":
        return f"{key}."
    if spec.metric in ("cohort_3m", "cohort_9m"):
        return f"{key}/{(int(key) + 1) % 100:02d}"
    if spec.metric == "positive_now":
        return str(
            {
                "F": _("Kvinder"),
                "M": _("Mænd"),
                "support": _("I støttesporet"),
                "no_support": _("Ikke i støttesporet"),
                "all": _("Alle"),
            }.get(key, key)
        )
    return key


def _row_order(spec: Spec, keys: list[str]) -> list[str]:
    if spec.metric == "partners":
        return [k for k in ("total", "active", "renewal") if k in keys]
    if spec.metric == "partner_commitments":
        return [k for k in COMMITMENT_FIELDS if k in keys]
    if spec.metric == "reached":
        return sorted(keys, key=int)
    if spec.metric == "uj_class":
        # "Skole 10.a" after "Skole 9.b": by school, then grade as a number, then letter.
        def class_key(key: str) -> tuple[str, int, str]:
            school, _space, klass = key.rpartition(" ")
            grade, _dot, letter = klass.partition(".")
            return (school, int(grade) if grade.isdigit() else 0, letter)

        return sorted(keys, key=class_key)
    if spec.key in ROW_FILTER:
        return [k for k in ROW_FILTER[spec.key] if k in keys]
    return sorted(keys)


@dataclass(frozen=True)
class Filters:
    school_year: int
    district: Any = None
    school: Any = None
    track: str = ""


@dataclass
class Bar:
    label: str
    y: int
    width: float
    series: int
    value: str


@dataclass
class Chart:
    spec: Spec
    columns: list[str]
    rows: list[tuple[str, list[Any]]]  # label, shown cells
    legend: list[str] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    height: int = 0
    description: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def svg_bars(self) -> str:
        """The bars and their labels as SVG elements, escaped: written here rather than in the
        template, where a page of charts spent most of its time on a filter per bar."""

        def short(label: str) -> str:
            return label if len(label) <= 26 else label[:25] + "…"

        parts = []
        for bar in self.bars:
            if bar.series == 0:
                parts.append(
                    format_html('<text x="0" y="{}">{}</text>', bar.y + 13, short(bar.label))
                )
            parts.append(
                format_html(
                    '<rect class="bar-{}" x="180" y="{}" width="{}" height="16"></rect>'
                    '<text x="{}" y="{}">{}</text>',
                    bar.series,
                    bar.y,
                    f"{bar.width:.1f}",
                    f"{bar.width + 184:.1f}",
                    bar.y + 13,
                    bar.value,
                )
            )
        return mark_safe("\n".join(parts))  # noqa: S308  (each part escaped by format_html)


def _figures(*, municipality: Any, filters: Filters) -> dict[str, dict[str, dict[str, Decimal]]]:
    """metric -> row -> raw column -> value, summed over the schools the filters keep: one
    aggregate query on the summary table's index."""
    query = Figure.objects.filter(municipality=municipality).filter(
        Q(school_year=filters.school_year) | Q(metric__in=ALL_YEARS)
    )
    if filters.school is not None:
        query = query.filter(Q(school=filters.school) | Q(metric__in=UNSPLIT))
    elif filters.district is not None:
        query = query.filter(Q(district=filters.district) | Q(metric__in=UNSPLIT))
    out: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for row in query.values("metric", "row", "column").annotate(total=Sum("value")).order_by():
        out[row["metric"]][row["row"]][row["column"]] = row["total"]
    return out


def _sum(values: dict[str, Decimal], sources: tuple[str, ...]) -> int:
    return int(sum((values.get(s, Decimal(0)) for s in sources), Decimal(0)))


def _percent(part: Cell, whole: Cell) -> str:
    if isinstance(part, Hidden) or isinstance(whole, Hidden) or not whole:
        return "–"
    return f"{100 * part / whole:.0f} %".replace(".", ",")


BAR_HEIGHT = 18
GAP = 10
WIDTH = 420


def _draw(chart: Chart, series: list[list[float | None]], values: list[list[str]]) -> None:
    """Horizontal bars, one group per row and one bar per series, scaled to the largest."""
    peak = max((v for row in series for v in row if v is not None), default=0) or 1
    y = 0
    for (label, _cells), row_series, row_values in zip(chart.rows, series, values, strict=True):
        for index, (value, text) in enumerate(zip(row_series, row_values, strict=True)):
            width = 0.0 if value is None else WIDTH * value / peak
            chart.bars.append(Bar(label, y, round(width, 1), index, text))
            y += BAR_HEIGHT
        y += GAP
    chart.height = max(y, BAR_HEIGHT)


def build_chart(
    spec: Spec, data: dict[str, dict[str, Decimal]], *, exact: bool, target_hours: int
) -> Chart:
    keys = _row_order(spec, list(data))
    labels = [_row_label(spec, k) for k in keys]
    if spec.metric == "followup_load" and not exact:
        # Politicians and the public see the load, not which colleague carries it.
        labels = [str(_("Ungevejleder %(n)s") % {"n": i}) for i in range(1, len(keys) + 1)]
    if spec.kind == "hours":
        rows: list[tuple[str, list[Any]]] = []
        series: list[list[float | None]] = []
        for key, label in zip(keys, labels, strict=True):
            classes = _sum(data[key], ("classes",))
            hours = Decimal(data[key].get("hours", 0))
            average = (hours / classes).quantize(Decimal("0.1")) if classes else Decimal(0)
            rows.append((label, [classes, average, target_hours]))
            series.append([float(average), float(target_hours)])
        chart = Chart(
            spec,
            [str(_("Klasser")), str(_("Timer pr. klasse")), str(_("Mål (timer)"))],
            rows,
        )
        chart.legend = chart.columns[1:]
        _draw(chart, series, [[str(r[1][1]), str(r[1][2])] for r in rows])
        chart.description = str(_("Søjler: timer pr. klasse og målet for hver skole."))
        return chart
    if spec.kind == "share":
        counts = [
            [_sum(data[k], spec.part), _sum(data[k], spec.whole) - _sum(data[k], spec.part)]
            for k in keys
        ]
        shown: list[list[Cell]]
        if exact or not spec.personal or not counts:
            shown = [[part, part + rest] for part, rest in counts]
        else:
            protected = protect_table(counts)
            shown = [
                [cells[0], total]
                for cells, total in zip(protected.cells, protected.row_totals, strict=True)
            ]
        rows = [
            (label, [part, whole, _percent(part, whole)])
            for label, (part, whole) in zip(labels, shown, strict=True)
        ]
        chart = Chart(spec, [str(_("Antal")), str(_("I alt")), str(_("Andel"))], rows)
        chart.legend = [str(_("Andel"))]
        ratios = [
            None if isinstance(p, Hidden) or isinstance(w, Hidden) or not w else p / w
            for p, w in shown
        ]
        _draw(chart, [[r] for r in ratios], [[str(r[1][2])] for r in rows])
        chart.description = str(_("Søjler: andelen for hver række; tallene står i tabellen."))
        return chart
    counts = [[_sum(data[k], c.sources) for c in spec.columns] for k in keys]
    if exact or not spec.personal or not counts:
        cells: list[list[Cell]] = [list(row) for row in counts]
    else:
        cells = protect_table(counts).cells
    chart = Chart(
        spec,
        [str(c.label) for c in spec.columns],
        [(label, list(row)) for label, row in zip(labels, cells, strict=True)],
    )
    chart.legend = chart.columns
    _draw(
        chart,
        [[None if isinstance(c, Hidden) else float(c) for c in row] for row in cells],
        [[str(c) for c in row] for row in cells],
    )
    chart.description = str(_("Søjler for hver række og kolonne; tallene står i tabellen."))
    return chart


def dashboard(*, municipality: Any, filters: Filters, exact: bool) -> list[Chart]:
    """The charts of the chosen track (or all), each protected unless `exact`."""
    figures = _figures(municipality=municipality, filters=filters)
    target = career_target_hours(municipality_id=municipality.pk)
    specs = [s for s in SPECS if not filters.track or s.track == filters.track]
    charts = []
    for spec in specs:
        data = figures.get(spec.metric, {})
        if spec.key in ROW_FILTER:
            data = {k: v for k, v in data.items() if k in ROW_FILTER[spec.key]}
        if spec.key == "uj_class":
            if filters.school is None:
                data = {}  # a municipality's hundreds of classes: one school's at a time
            else:
                spec = replace(spec, note="")
        charts.append(build_chart(spec, data, exact=exact, target_hours=target))
    return charts


def chart_of(*, municipality: Any, filters: Filters, key: str, exact: bool) -> Chart | None:
    spec = SPECS_BY_KEY.get(key)
    if spec is None:
        return None
    charts = dashboard(
        municipality=municipality, filters=replace(filters, track=spec.track), exact=exact
    )
    return next(c for c in charts if c.spec.key == key)


# The charts of the public page "Ungegarantien i tal".
PUBLIC_CHARTS = ("partners", "commitments", "reached", "cohort_3m", "cohort_9m", "positive_month")


def school_years_of(*, municipality: Any) -> list[int]:
    """The school years the summary table holds figures for, newest first."""
    years = (
        Figure.objects.filter(municipality=municipality, school_year__isnull=False)
        .values_list("school_year", flat=True)
        .distinct()
        .order_by("-school_year")
    )
    return [year for year in years if year is not None]
