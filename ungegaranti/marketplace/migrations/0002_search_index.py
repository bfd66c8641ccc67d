"""Full-text search index for offers (filled in by the search work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_initial")]

    operations: list = []
