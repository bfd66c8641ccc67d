"""manage.py import_partners FILE.csv [--municipality 860]: see docs/import.md."""

from ungegaranti.core.csvimport import ImportCommand
from ungegaranti.partners.imports import PartnersImporter


class Command(ImportCommand):
    help = "Indlæs garantipartnere fra en CSV-fil (upsert efter CVR-nummer). Se docs/import.md."
    importer_class = PartnersImporter
