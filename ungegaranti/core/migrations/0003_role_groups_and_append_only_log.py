"""The ten role groups, and a PostgreSQL trigger that makes the access log append-only in the
database itself (the ORM refuses updates and deletes on every backend)."""

from django.db import migrations

ROLES = [
    "YOUNG_PERSON", "GUARDIAN", "TEACHER", "CAREER_COUNSELLOR", "WORK_EXPERIENCE_COORDINATOR",
    "GUIDANCE_COUNSELLOR", "PARTNER_CONTACT", "SECRETARIAT", "RESEARCHER", "POLITICIAN",
]

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION core_accesslog_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the access log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_accesslog_append_only
  BEFORE UPDATE OR DELETE ON core_accesslogentry
  FOR EACH ROW EXECUTE FUNCTION core_accesslog_refuse_change();
"""

DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS core_accesslog_append_only ON core_accesslogentry;
DROP FUNCTION IF EXISTS core_accesslog_refuse_change();
"""


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_groups, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
