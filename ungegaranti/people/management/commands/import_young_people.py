"""manage.py import_young_people FILE.csv [--municipality 860]: see docs/import.md."""

from ungegaranti.core.csvimport import ImportCommand
from ungegaranti.people.imports import YoungPeopleImporter


class Command(ImportCommand):
    help = "Indlæs unge fra en CSV-fil (upsert efter CPR-nummer). Se docs/import.md."
    importer_class = YoungPeopleImporter
