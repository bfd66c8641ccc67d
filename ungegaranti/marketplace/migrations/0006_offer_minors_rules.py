import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0005_offer_light_work"),
    ]

    operations = [
        # Plain ALTER TABLE ... ADD COLUMN, as in 0003 and 0005: on SQLite Django would remake
        # the offer table, which the full-text triggers refuse.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE marketplace_offer ADD COLUMN break_minutes smallint "
                    "NOT NULL DEFAULT 0 CHECK (break_minutes >= 0)",
                    "ALTER TABLE marketplace_offer DROP COLUMN break_minutes",
                ),
                migrations.RunSQL(
                    "ALTER TABLE marketplace_offer ADD COLUMN night_work varchar(10) "
                    "NOT NULL DEFAULT ''",
                    "ALTER TABLE marketplace_offer DROP COLUMN night_work",
                ),
                migrations.RunSQL(
                    "ALTER TABLE marketplace_offer ADD COLUMN under_13_observation boolean "
                    "NOT NULL DEFAULT FALSE",
                    "ALTER TABLE marketplace_offer DROP COLUMN under_13_observation",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="offer",
                    name="break_minutes",
                    field=models.PositiveSmallIntegerField(
                        default=0,
                        help_text=(
                            "Unge under 18 år skal have mindst 30 minutters pause efter 4½ "
                            "times arbejde."
                        ),
                        validators=[django.core.validators.MaxValueValidator(240)],
                        verbose_name="pause (minutter)",
                    ),
                ),
                migrations.AddField(
                    model_name="offer",
                    name="night_work",
                    field=models.CharField(
                        blank=True,
                        choices=[
                            ("", "Ingen – arbejdsdagen slutter senest kl. 20"),
                            ("UNTIL_22", "Til kl. 22 (branche med undtagelse)"),
                            (
                                "UNTIL_24",
                                "Til kl. 24 (fx hotel og restauration, bagerier, kultur og sport)",
                            ),
                        ],
                        default="",
                        help_text=(
                            "Kun for unge, der har afsluttet 9. klasse, og kun i de brancher, "
                            "bekendtgørelsen om unges arbejde nævner. Ellers slutter "
                            "arbejdsdagen senest kl. 20."
                        ),
                        max_length=10,
                        verbose_name="arbejde efter kl. 20",
                    ),
                ),
                migrations.AddField(
                    model_name="offer",
                    name="under_13_observation",
                    field=models.BooleanField(
                        default=False,
                        help_text=(
                            "Kun erhvervspraktik. Elever under 13 år må ikke arbejde for "
                            "virksomheden: de følger jeres medarbejdere, ser med og prøver "
                            "arbejdslignende opgaver under opsyn."
                        ),
                        verbose_name=(
                            "elever under 13 år: kun observation og arbejdslignende opgaver"
                        ),
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="offer",
            name="light_work",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Arbejdet er let og ufarligt: ingen farlige maskiner, stoffer eller tunge "
                    "løft. Kræves, når tilbuddet er for unge under 15 år eller elever i "
                    "grundskolen."
                ),
                verbose_name="let arbejde",
            ),
        ),
    ]
