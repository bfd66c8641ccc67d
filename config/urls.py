from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from ungegaranti.identity.views import LoginPage

urlpatterns = [
    path("log-ind/", LoginPage.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprog/", set_language, name="set_language"),
    path("", include("ungegaranti.identity.urls")),
    path("", include("ungegaranti.portal.urls")),
    path("", include("ungegaranti.core.urls")),
    path("", include("ungegaranti.people.urls")),
    path("", include("ungegaranti.plans.urls")),
    path("", include("ungegaranti.partners.urls")),
    path("", include("ungegaranti.insights.urls")),
    path("", include("ungegaranti.notifications.urls")),
    path("", include("ungegaranti.marketplace.urls")),
    path("", include("ungegaranti.placement.urls")),
    path("", include("ungegaranti.calendar.urls")),
    path("", include("ungegaranti.destinations.urls")),
]

handler500 = "ungegaranti.core.views.server_error"
if settings.IDENTITY_LOCAL_PROVIDERS:
    # The stand-in brokers for development and tests (never under production settings).
    urlpatterns.append(path("", include("ungegaranti.identity.local.urls")))
