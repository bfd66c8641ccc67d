"""The audit trail of write services, append-only in PostgreSQL like the access log."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION core_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_append_only
  BEFORE UPDATE OR DELETE ON core_auditevent
  FOR EACH ROW EXECUTE FUNCTION core_auditevent_refuse_change();
"""

DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_refuse_change();
"""


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER_SQL)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_postal_areas'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='tidspunkt (UTC)')),
                ('actor_username', models.CharField(blank=True, max_length=150, verbose_name='brugernavn')),
                ('actor_role', models.CharField(blank=True, choices=[('YOUNG_PERSON', 'Ung'), ('GUARDIAN', 'Forælder/værge'), ('TEACHER', 'Lærer'), ('CAREER_COUNSELLOR', 'Karrierelæringsvejleder'), ('WORK_EXPERIENCE_COORDINATOR', 'Praktikkoordinator'), ('GUIDANCE_COUNSELLOR', 'Ungevejleder'), ('PARTNER_CONTACT', 'Garantipartner-kontakt'), ('SECRETARIAT', 'Ungesekretariatet'), ('RESEARCHER', 'Forsker'), ('POLITICIAN', 'Politiker/bestyrelse')], max_length=40, verbose_name='rolle')),
                ('action', models.CharField(max_length=80, verbose_name='handling')),
                ('object_type', models.CharField(max_length=80, verbose_name='objekttype')),
                ('object_id', models.CharField(max_length=64, verbose_name='objekt-id')),
                ('object_repr', models.CharField(blank=True, max_length=200, verbose_name='objekt')),
                ('changes', models.JSONField(blank=True, default=dict, verbose_name='ændringer')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit_events', to=settings.AUTH_USER_MODEL, verbose_name='udført af')),
                ('municipality', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit_events', to='core.municipality', verbose_name='kommune')),
            ],
            options={
                'verbose_name': 'historikpost',
                'verbose_name_plural': 'historik',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['object_type', 'object_id', '-created_at'], name='audit_object')],
            },
        ),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
