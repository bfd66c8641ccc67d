from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("garantipartnere/", views.public_list, name="public_list"),
    path("garantipartnere/<uuid:uuid>/", views.public_detail, name="public_detail"),
]
