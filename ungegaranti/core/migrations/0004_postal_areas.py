"""Reference data: the seven postal codes of Hjørring Kommune with their town centres (from
docs/domain.md), plus other North Jutland and major Danish towns with approximate centres."""

from django.db import migrations

POSTAL_AREAS = [
    # Hjørring Kommune (860)
    ("9800", "Hjørring", 57.464, 9.982),
    ("9850", "Hirtshals", 57.588, 9.959),
    ("9870", "Sindal", 57.472, 10.204),
    ("9760", "Vrå", 57.354, 9.942),
    ("9480", "Løkken", 57.371, 9.713),
    ("9830", "Tårs", 57.383, 10.117),
    ("9881", "Bindslev", 57.540, 10.202),
    # North Jutland (approximate town centres)
    ("9000", "Aalborg", 57.048, 9.919),
    ("9400", "Nørresundby", 57.059, 9.922),
    ("9700", "Brønderslev", 57.270, 9.944),
    ("9740", "Jerslev J", 57.286, 10.107),
    ("9750", "Østervrå", 57.351, 10.236),
    ("9320", "Hjallerup", 57.166, 10.147),
    ("9330", "Dronninglund", 57.160, 10.294),
    ("9300", "Sæby", 57.334, 10.520),
    ("9900", "Frederikshavn", 57.441, 10.537),
    ("9970", "Strandby", 57.491, 10.502),
    ("9981", "Jerup", 57.529, 10.422),
    ("9982", "Ålbæk", 57.594, 10.417),
    ("9990", "Skagen", 57.720, 10.583),
    ("9440", "Aabybro", 57.162, 9.730),
    ("9490", "Pandrup", 57.223, 9.680),
    ("9492", "Blokhus", 57.249, 9.584),
    ("9460", "Brovst", 57.097, 9.523),
    ("9690", "Fjerritslev", 57.087, 9.266),
    ("9600", "Aars", 56.803, 9.518),
    ("9500", "Hobro", 56.643, 9.790),
    ("7700", "Thisted", 56.957, 8.694),
    # Major Danish towns (where many move to study)
    ("8000", "Aarhus C", 56.157, 10.211),
    ("8900", "Randers C", 56.461, 10.036),
    ("8800", "Viborg", 56.451, 9.402),
    ("7100", "Vejle", 55.709, 9.536),
    ("6700", "Esbjerg", 55.476, 8.459),
    ("5000", "Odense C", 55.396, 10.388),
    ("2100", "København Ø", 55.715, 12.577),
]


def add_postal_areas(apps, schema_editor):
    PostalArea = apps.get_model("core", "PostalArea")
    for code, town, latitude, longitude in POSTAL_AREAS:
        PostalArea.objects.get_or_create(
            code=code, defaults={"town": town, "latitude": latitude, "longitude": longitude}
        )


def remove_postal_areas(apps, schema_editor):
    PostalArea = apps.get_model("core", "PostalArea")
    PostalArea.objects.filter(code__in=[row[0] for row in POSTAL_AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_role_groups_and_append_only_log")]

    operations = [migrations.RunPython(add_postal_areas, remove_postal_areas)]
