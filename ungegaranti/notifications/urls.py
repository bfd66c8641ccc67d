from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("beskeder/", views.notification_list, name="list"),
    path("beskeder/laest/", views.notification_mark_read, name="mark_read"),
]
