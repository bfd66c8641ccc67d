"""Small helpers shared by the marketplace views."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from ungegaranti.partners.models import GuaranteePartner

from ..permissions import own_partner
from ..selectors import partners_managed_by


def add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def acting_partner(request: HttpRequest) -> GuaranteePartner | None:
    """The partner the user works for: their own, or for the secretariat the one chosen with
    ?partner=<uuid> (acting for a partner without login). None if none is chosen."""
    own = own_partner(request.user)
    if own is not None:
        return own
    uuid = request.POST.get("partner") or request.GET.get("partner")
    if not uuid:
        return None
    try:
        return partners_managed_by(user=request.user).filter(uuid=uuid).first()
    except ValidationError:
        return None
