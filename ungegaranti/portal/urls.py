from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine-data/", views.my_data, name="my_data"),
    path("mine-data/<uuid:uuid>/mine-data.json", views.my_data_json, name="my_data_json"),
    path("mine-data/<uuid:uuid>/mine-data.pdf", views.my_data_pdf, name="my_data_pdf"),
]
