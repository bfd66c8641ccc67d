from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("indsigt/statistik/", views.statistics, name="statistics"),
    path("indsigt/statistik/elever.csv", views.statistics_csv, name="statistics_csv"),
    path("indsigt/omkostninger/", views.costs, name="costs"),
    path("forskning/", views.research_export, name="research_export"),
    path("forskning/udtraek.csv", views.research_export_csv, name="research_export_csv"),
]
