"""manage.py import_statuses FILE.csv [--municipality 860]: see docs/import.md."""

from ungegaranti.core.csvimport import ImportCommand
from ungegaranti.destinations.imports import StatusImporter


class Command(ImportCommand):
    help = "Indlæs statusser for de 15-29-årige fra et udtræk af Ungedatabasen. Se docs/import.md."
    importer_class = StatusImporter
