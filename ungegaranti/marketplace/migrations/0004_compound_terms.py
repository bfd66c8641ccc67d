"""Search: a vocabulary of indexed terms, so that a word finds the Danish compounds ending in
it ("praktik" finds "erhvervspraktik"). Re-installs the (idempotent) search SQL, which adds the
term table and fills it (PostgreSQL) or the FTS5 vocabulary view (SQLite)."""

from django.db import migrations


def forward(apps, schema_editor):
    from ungegaranti.marketplace.search_index import install

    install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0003_applications")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
