from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("unge/", views.young_person_list, name="young_person_list"),
    path("mine-data/opslag/", views.my_access_log, name="my_access_log"),
    path("sekretariat/import/unge/", views.import_young_people, name="import_young_people"),
    path("sekretariat/import/unge/skabelon.csv", views.import_template, name="import_template"),
]
