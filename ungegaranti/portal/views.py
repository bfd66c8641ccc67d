import json
from datetime import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ungegaranti.core.http import AuthenticatedRequest, Request
from ungegaranti.core.permissions import role_required
from ungegaranti.core.roles import Role
from ungegaranti.people.permissions import get_young_person_for_user_or_404
from ungegaranti.people.selectors import young_people_visible_to

from .home import home_context
from .my_data import data_about


def home(request: Request) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "portal/home/public.html")
    if not request.user.role:
        raise Http404
    template = f"portal/home/{request.user.role.lower()}.html"
    return render(request, template, home_context(request.user))


@role_required(Role.YOUNG_PERSON, Role.GUARDIAN)
def my_data(request: AuthenticatedRequest) -> HttpResponse:
    """Download everything held about oneself (or one's minor child) as JSON or PDF."""
    return render(
        request, "portal/my_data.html", {"subjects": young_people_visible_to(user=request.user)}
    )


def _subject(request: AuthenticatedRequest, uuid: str):  # type: ignore[no-untyped-def]
    return get_young_person_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Indsigt i egne oplysninger")
    )


@role_required(Role.YOUNG_PERSON, Role.GUARDIAN)
def my_data_json(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    person = _subject(request, uuid)
    body = json.dumps(data_about(young_person=person), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-data.json"'
    return response


@role_required(Role.YOUNG_PERSON, Role.GUARDIAN)
def my_data_pdf(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    from weasyprint import HTML

    person = _subject(request, uuid)
    data = data_about(young_person=person)
    # The JSON keeps the machine's ISO time; the PDF is read by a person.
    extracted = date_format(
        timezone.localtime(datetime.fromisoformat(data["udtrukket"])), "j. F Y \\k\\l. H:i"
    )
    html = render_to_string(
        "portal/my_data_pdf.html", {"person": person, "data": data, "extracted": extracted}
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="mine-data.pdf"'
    return response
