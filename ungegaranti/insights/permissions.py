"""Who may see and do what in insight. Out of scope answers 403 (roles) or 404 (objects)."""

from typing import Any

from ungegaranti.core.roles import Role


def _role(user: Any, *roles: Role) -> bool:
    return bool(user.is_authenticated and user.municipality_id is not None and user.role in roles)


def can_view_dashboards(user: Any) -> bool:
    """The secretariat (exact counts) and politicians/board (protected counts)."""
    return _role(user, Role.SECRETARIAT, Role.POLITICIAN)


def sees_exact_counts(user: Any) -> bool:
    """Only the secretariat, who works with the register itself, sees counts under 5."""
    return _role(user, Role.SECRETARIAT)


def can_set_budget(user: Any, municipality: Any) -> bool:
    return _role(user, Role.SECRETARIAT) and user.municipality_id == municipality.pk


def can_register_research_project(user: Any) -> bool:
    """The secretariat registers the projects (with their approval) that may receive data."""
    return _role(user, Role.SECRETARIAT)


def can_use_research_exports(user: Any) -> bool:
    return _role(user, Role.RESEARCHER)


def can_export_project(user: Any, project: Any) -> bool:
    """A researcher named on the project, in the project's municipality."""
    return (
        can_use_research_exports(user)
        and project.municipality_id == user.municipality_id
        and project.researchers.filter(pk=user.pk).exists()
    )
