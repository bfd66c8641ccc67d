from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "ungegaranti.calendar"
    label = "calendar"
    verbose_name = "Årshjul og arrangementer"
