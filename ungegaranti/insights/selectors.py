"""Headline figures for politicians, the board and the public: counts only, small cells hidden."""

from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from ungegaranti.partners.selectors import partners_public
from ungegaranti.people.models import YoungPerson
from ungegaranti.people.selectors import birth_date_range_for_ages

from .disclosure import protect_counts
from .models import FigureRefresh, ResearchExport, ResearchProject
from .permissions import can_export_project

AGE_BANDS = [(6, 9), (10, 14), (15, 17), (18, 24), (25, 29)]


def municipality_overview(*, municipality: Any) -> dict[str, Any]:
    """Young people by age band (one aggregate query on the birth-date index) and partners."""
    today = timezone.localdate()
    bands = {}
    for low, high in AGE_BANDS:
        earliest, latest = birth_date_range_for_ages(low, high, today)
        bands[f"b{low}"] = Count("pk", filter=Q(birth_date__gte=earliest, birth_date__lte=latest))
    counts = YoungPerson.objects.filter(municipality=municipality).aggregate(
        everyone=Count("pk"), **bands
    )
    band_counts = [counts[f"b{low}"] for low, _high in AGE_BANDS]
    # The few outside the bands (a 5-year-old in 0. klasse) are a cell of their own, so the
    # total cannot reveal them by difference.
    shown, total = protect_counts([*band_counts, counts["everyone"] - sum(band_counts)])
    return {
        "young_people": total,
        "age_bands": [f"{low}-{high}" for low, high in AGE_BANDS],
        "age_band_counts": shown[:-1],
        "partners": partners_public(municipality=municipality).count(),
    }


def figures_refreshed_at(*, municipality: Any) -> Any:
    refresh = FigureRefresh.objects.filter(municipality=municipality).first()
    return refresh.refreshed_at if refresh else None


def research_projects_registered(*, municipality: Any) -> Any:
    return (
        ResearchProject.objects.filter(municipality=municipality)
        .prefetch_related("researchers")
        .order_by("-start_date", "name")
    )


def research_projects_of(*, user: Any) -> Any:
    """The projects a researcher is named on, in their own municipality."""
    return ResearchProject.objects.filter(
        municipality_id=user.municipality_id, researchers=user
    ).order_by("-start_date", "name")


def research_exports_of(*, user: Any) -> Any:
    """The exports of the researcher's projects (a colleague's included), newest first."""
    return (
        ResearchExport.objects.filter(
            municipality_id=user.municipality_id, project__researchers=user
        )
        .select_related("project", "requested_by", "job")
        .order_by("-created_at")
    )


def get_research_project_for_user_or_404(user: Any, uuid: Any) -> ResearchProject:
    project = research_projects_of(user=user).filter(uuid=uuid).first()
    if project is None:
        raise Http404
    return project


def get_research_export_for_user_or_404(user: Any, uuid: Any) -> ResearchExport:
    """A finished export of one of the researcher's projects; anything else is 404."""
    export = research_exports_of(user=user).filter(uuid=uuid).exclude(archive="").first()
    if export is None or not can_export_project(user, export.project):
        raise Http404
    return export
