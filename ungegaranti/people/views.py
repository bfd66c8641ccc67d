from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ungegaranti.core.assurance import substantial_required
from ungegaranti.core.csvimport import import_page, template_response
from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.permissions import role_required
from ungegaranti.core.roles import STAFF_ROLES, Role
from ungegaranti.core.selectors import access_log_for_subjects
from ungegaranti.core.services import access_log_record

from .forms import YoungPersonSearchForm
from .imports import YoungPeopleImporter
from .permissions import can_see_support_flag
from .selectors import classes_visible_to, young_people_search, young_people_visible_to

STAFF = tuple(Role(r) for r in STAFF_ROLES)


@role_required(*STAFF)
@substantial_required
def young_person_list(request: AuthenticatedRequest) -> HttpResponse:
    """Staff search their young people. Each search (a page of names) is one log entry."""
    form = YoungPersonSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    class_uuid = form.cleaned_data.get("klasse") if form.is_valid() else None
    people = young_people_search(user=request.user, query=query)
    school_class = None
    if class_uuid:
        school_class = classes_visible_to(user=request.user).filter(uuid=class_uuid).first()
        people = people.filter(school_class=school_class)
    page = Paginator(people, 50).get_page(request.GET.get("side"))
    term = query or (str(school_class) if school_class else "")
    access_log_record(
        user=request.user,  # type: ignore[arg-type]
        action=AccessLogEntry.Action.SEARCH,
        purpose=_("Søgning i unge"),
        search_term=term,
        path=request.path,
    )
    context = {
        "form": form,
        "people": page,
        "school_class": school_class,
        "show_support": can_see_support_flag(request.user),
    }
    template = (
        "people/_young_person_results.html" if request.htmx else "people/young_person_list.html"
    )
    return render(request, template, context)


@role_required(Role.SECRETARIAT)
def import_young_people(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a CSV of young people; the import runs as a background job (docs/import.md)."""
    return import_page(
        request,
        importer_class=YoungPeopleImporter,
        kind="import_young_people",
        template="people/import_young_people.html",
    )


@role_required(Role.SECRETARIAT)
def import_template(request: AuthenticatedRequest) -> HttpResponse:
    return template_response(YoungPeopleImporter, "unge-skabelon.csv")


@role_required(Role.YOUNG_PERSON, Role.GUARDIAN)
def my_access_log(request: AuthenticatedRequest) -> HttpResponse:
    """Dates and purposes of staff lookups on one's own data (or one's minor children's)."""
    subjects = list(young_people_visible_to(user=request.user))
    entries = Paginator(access_log_for_subjects(subjects=subjects), 50).get_page(
        request.GET.get("side")
    )
    return render(request, "people/my_access_log.html", {"entries": entries, "subjects": subjects})
