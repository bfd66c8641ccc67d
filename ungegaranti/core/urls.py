from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine-data/opslag/", views.my_access_log, name="my_access_log"),
    path("sekretariat/adgangslog/", views.access_log, name="access_log"),
    path("job/<uuid:uuid>/", views.job_status, name="job_status"),
]
