from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("sekretariat/adgangslog/", views.access_log, name="access_log"),
    path("job/<uuid:uuid>/", views.job_status, name="job_status"),
]
