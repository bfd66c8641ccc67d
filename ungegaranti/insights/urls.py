from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("indsigt/statistik/", views.statistics, name="statistics"),
    path("indsigt/statistik/<slug:key>.csv", views.chart_csv, name="chart_csv"),
    path("indsigt/statistik/<slug:key>.xlsx", views.chart_xlsx, name="chart_xlsx"),
    path("indsigt/omkostninger/", views.costs, name="costs"),
    path("ungegarantien-i-tal/", views.public_index, name="public_index"),
    path("ungegarantien-i-tal/<str:code>/", views.public_figures, name="public_figures"),
    path("forskning/", views.research_export, name="research_export"),
    path("forskning/projekter/", views.research_projects, name="research_projects"),
    path(
        "forskning/<uuid:uuid>/bestil/",
        views.research_export_request,
        name="research_export_request",
    ),
    path(
        "forskning/udtraek/<uuid:uuid>.zip",
        views.research_export_download,
        name="research_export_download",
    ),
]
