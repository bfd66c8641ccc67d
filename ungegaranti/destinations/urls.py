from django.urls import path

from . import views

app_name = "destinations"
urlpatterns = [
    path("arbejdsliste/", views.worklist, name="worklist"),
    path("arbejdsliste/selvrapporter/", views.self_reports, name="self_reports"),
    path("unge/<uuid:uuid>/opfoelgning/", views.follow_up, name="follow_up"),
    path("selvrapport/<str:token>/", views.self_report, name="self_report"),
    path("positiv-destination/", views.definitions, name="definitions"),
    path("positiv-destination/ny-version/", views.definition_new, name="definition_new"),
    path("sekretariat/import/statusser/", views.import_statuses, name="import_statuses"),
    path(
        "sekretariat/import/statusser/skabelon.csv",
        views.import_template,
        name="import_template",
    ),
]
