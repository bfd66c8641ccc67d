"""The seed's population figures (Hjørring Kommune's "Hvad koster det?" slide, February 2023)."""

from django.db import migrations

SOURCE = "Hjørring Kommune: Ungegarantien, oplæg 20. februar 2023 (»Hvad koster det?«)"
FIGURES = [
    ("MUNICIPALITY", "860", "Hjørring Kommune", 15_509),
    ("MUNICIPALITY", "707", "Norddjurs Kommune", 8_638),
    ("COUNTRY", "", "Danmark", 1_645_441),
]


def add(apps, schema_editor):
    PopulationFigure = apps.get_model("insights", "PopulationFigure")
    for area, code, name, people in FIGURES:
        PopulationFigure.objects.get_or_create(
            area=area,
            code=code,
            year=2023,
            defaults={"name": name, "young_people": people, "source": SOURCE},
        )


def remove(apps, schema_editor):
    PopulationFigure = apps.get_model("insights", "PopulationFigure")
    PopulationFigure.objects.filter(year=2023, source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_cost_model")]
    operations = [migrations.RunPython(add, remove)]
