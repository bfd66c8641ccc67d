"""The public offer search ("Find tilbud"): a GET form that works without JavaScript; with HTMX
the results are swapped in live."""

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ungegaranti.core.http import Request

from ..permissions import AnyUser, own_young_person
from ..search import COUNT_CAP, SearchPage, offers_search
from ..search_forms import SearchForm


def count_text(results: SearchPage) -> str:
    if results.count_capped:
        return _("Over %(cap)s tilbud fundet. Gør søgningen mere præcis.") % {
            "cap": number_format(COUNT_CAP, force_grouping=True)
        }
    return ngettext("%(count)s tilbud fundet", "%(count)s tilbud fundet", results.count) % {
        "count": number_format(results.count, force_grouping=True)
    }


# A young person's first search starts from their own age and home, within this distance.
OWN_RADIUS_KM = "25"


def own_defaults(user: AnyUser) -> QueryDict | None:
    """Filters for a logged-in young person's first visit: their age and postal code."""
    person = own_young_person(user)
    if person is None:
        return None
    defaults = QueryDict(mutable=True)
    defaults.update({"age": str(person.age), "postal_code": person.postal_code})
    defaults["radius"] = OWN_RADIUS_KM
    return defaults


def search(request: Request) -> HttpResponse:
    query = request.GET.copy()
    query.pop("side", None)
    defaults = None if query else own_defaults(request.user)
    if defaults is not None:
        query = defaults
    form = SearchForm(query or None)
    try:
        page = int(request.GET.get("side", "1"))
    except ValueError:
        page = 1
    results = offers_search(**form.search_arguments(), page=page, user=request.user)
    context = {
        "form": form,
        "results": results,
        "count_text": count_text(results),
        "query_string": query.urlencode(),
        "own_defaults": defaults is not None,
    }
    template = (
        "marketplace/search_results.html"
        if request.htmx and not request.htmx.boosted
        else "marketplace/search.html"
    )
    return render(request, template, context)
