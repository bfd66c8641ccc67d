from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ungegaranti.notifications"
    label = "notifications"
    verbose_name = "Beskeder"
