from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path(
        "log-ind/",
        auth_views.LoginView.as_view(
            template_name="core/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprog/", set_language, name="set_language"),
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
