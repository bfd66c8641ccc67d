from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ungegaranti.people"
    label = "people"
    verbose_name = "Unge og skoler"
