from django.urls import path

from .views import search as search_views

app_name = "marketplace"
urlpatterns: list = [
    path("tilbud/", search_views.search, name="search"),
]
