from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from ungegaranti.core.csvimport import import_page, template_response
from ungegaranti.core.http import Request
from ungegaranti.core.models import PostalArea
from ungegaranti.core.permissions import policy_required

from .forms import PartnerSearchForm
from .imports import PartnersImporter
from .permissions import can_open_partner_import
from .selectors import partner_cards, partner_towns, partners_public, partners_search


def public_list(request: Request) -> HttpResponse:
    """The public "Garantipartnere" page: search by name, sector and town."""
    towns = partner_towns()
    form = PartnerSearchForm(request.GET or None, towns=[(t.town, t.town) for t in towns])
    filters = form.cleaned_data if form.is_valid() else {}
    partners = partners_search(**filters).select_related("municipality")
    page = Paginator(partners, 25).get_page(request.GET.get("side"))
    template = "partners/_partner_results.html" if request.htmx else "partners/public_list.html"
    return render(
        request,
        template,
        {"form": form, "partners": page, "cards": partner_cards(page, towns=towns)},
    )


def public_detail(request: Request, uuid: str) -> HttpResponse:
    partner = get_object_or_404(partners_public(), uuid=uuid)
    area = PostalArea.objects.filter(code=partner.postal_code).first()
    return render(request, "partners/public_detail.html", {"partner": partner, "area": area})


@policy_required(can_open_partner_import)
def import_partners(request: Request) -> HttpResponse:
    """Upload a CSV of guarantee partners; the import runs as a background job."""
    return import_page(
        request,
        importer_class=PartnersImporter,
        kind="import_partners",
        template="partners/import_partners.html",
    )


@policy_required(can_open_partner_import)
def import_template(request: Request) -> HttpResponse:
    return template_response(PartnersImporter, "garantipartnere-skabelon.csv")
