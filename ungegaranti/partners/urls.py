from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("garantipartnere/", views.public_list, name="public_list"),
    path("garantipartnere/<uuid:uuid>/", views.public_detail, name="public_detail"),
    path("sekretariat/import/garantipartnere/", views.import_partners, name="import_partners"),
    path(
        "sekretariat/import/garantipartnere/skabelon.csv",
        views.import_template,
        name="import_template",
    ),
]
