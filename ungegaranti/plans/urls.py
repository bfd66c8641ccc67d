from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("unge/<uuid:uuid>/", views.young_person_detail, name="young_person_detail"),
]
