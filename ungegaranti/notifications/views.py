from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ungegaranti.core.http import AuthenticatedRequest

from .services import notifications_mark_read


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(request.user.notifications.all(), 30).get_page(request.GET.get("side"))
    return render(request, "notifications/notification_list.html", {"notifications": page})


@require_POST
@login_required
def notification_mark_read(request: AuthenticatedRequest) -> HttpResponse:
    notifications_mark_read(recipient=request.user, acting_user=request.user)
    return redirect("notifications:list")
