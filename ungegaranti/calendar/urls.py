from django.urls import path

from . import views

app_name = "calendar"

urlpatterns = [
    path("aarshjul/", views.wheel_view, name="wheel"),
    path("aarshjul/liste/", views.item_list, name="item_list"),
    path("aarshjul/nyt/", views.item_create, name="item_create"),
    path("aarshjul/skoleaar/", views.year_review, name="year_review"),
    path("aarshjul/skoleaar/kopier/", views.year_copy_forward, name="year_copy_forward"),
    path("aarshjul/skoleaar/offentliggoer/", views.year_publish, name="year_publish"),
    path("aarshjul/<uuid:uuid>/", views.item_detail, name="item_detail"),
    path("aarshjul/<uuid:uuid>/ret/", views.item_edit, name="item_edit"),
    path("aarshjul/<uuid:uuid>/slet/", views.item_delete, name="item_delete"),
]
