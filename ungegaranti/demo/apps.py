from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo municipality, built through every app's services (manage.py demo_*)."""

    name = "ungegaranti.demo"
    label = "demo"
    verbose_name = "Demo"
