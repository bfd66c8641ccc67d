"""The access log's trigger lets one kind of delete through: the retention job's, which sets
the session flag ungegaranti.retention inside its transaction (core/retention.py). Updates
and every other delete are still refused."""

from django.db import migrations

TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION core_accesslog_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('ungegaranti.retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'the access log is append-only';
END;
$$ LANGUAGE plpgsql;
"""

ORIGINAL_FUNCTION = """
CREATE OR REPLACE FUNCTION core_accesslog_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the access log is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_FUNCTION)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ORIGINAL_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("core", "0008_retention_rules_and_legal_holds")]

    operations = [migrations.RunPython(forward, backward)]
