from django.urls import path  # noqa: F401  (the views modules add their paths here)

app_name = "marketplace"
urlpatterns: list = []
