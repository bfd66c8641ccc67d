from django.urls import path

from . import health, metrics, views

app_name = "core"
urlpatterns = [
    path("sekretariat/adgangslog/", views.access_log, name="access_log"),
    path("sekretariat/adgangsgennemgang/", views.access_reviews, name="access_reviews"),
    path("sekretariat/adgangsgennemgang/<uuid:uuid>/", views.access_review, name="access_review"),
    path(
        "sekretariat/adgangsgennemgang/markering/<uuid:uuid>/",
        views.access_review_flag,
        name="access_review_flag",
    ),
    path("sekretariat/sletning/", views.retention, name="retention"),
    path(
        "sekretariat/sletning/regel/<str:kind>/", views.retention_rule_edit, name="retention_rule"
    ),
    path(
        "sekretariat/sletning/tilbagehold/<uuid:uuid>/ophaev/",
        views.legal_hold_end,
        name="legal_hold_release",
    ),
    path("job/<uuid:uuid>/", views.job_status, name="job_status"),
    # for the load balancer and monitoring, not for people (docs/operations.md)
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
    path("metrics/", metrics.metrics, name="metrics"),
]
