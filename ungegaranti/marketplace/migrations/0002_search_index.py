"""Full-text search index for offers (see docs/decisions/0004-search-engine.md and
ungegaranti/marketplace/search_index.py, which holds the SQL).

PostgreSQL: a ``search_document`` tsvector column (danish configuration, weighted) kept up to
date by triggers, behind a GIN index. SQLite: an FTS5 table ``marketplace_offer_fts`` kept in
sync by triggers. Both: btree indexes for the search's filters. Other databases: nothing.
"""

from django.db import migrations


def forward(apps, schema_editor):
    from ungegaranti.marketplace.search_index import install

    install(schema_editor.connection)


def backward(apps, schema_editor):
    from ungegaranti.marketplace.search_index import uninstall

    uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0001_initial"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
