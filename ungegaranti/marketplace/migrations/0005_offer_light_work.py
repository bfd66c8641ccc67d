from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0004_compound_terms"),
    ]

    operations = [
        # Plain ALTER TABLE ... ADD COLUMN, as in 0003: on SQLite Django would remake the offer
        # table, which the full-text triggers refuse.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE marketplace_offer ADD COLUMN light_work boolean "
                    "NOT NULL DEFAULT FALSE",
                    "ALTER TABLE marketplace_offer DROP COLUMN light_work",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="offer",
                    name="light_work",
                    field=models.BooleanField(
                        default=False,
                        help_text=(
                            "Arbejdet er let og ufarligt: ingen farlige maskiner, stoffer eller "
                            "tunge løft. Kræves, når tilbuddet er for 13-14-årige."
                        ),
                        verbose_name="let arbejde",
                    ),
                ),
            ],
        ),
    ]
