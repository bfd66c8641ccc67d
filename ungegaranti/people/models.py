"""Young people, their guardians, and the schools, districts and classes they belong to."""

import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel, postal_code_validator
from ungegaranti.core.schoolyear import school_year_of

from .fields import EncryptedCPRField


class SchoolDistrict(MunicipalModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skoledistrikt")
        verbose_name_plural = _("skoledistrikter")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class School(MunicipalModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    district = models.ForeignKey(
        SchoolDistrict, on_delete=models.PROTECT, related_name="schools", verbose_name=_("distrikt")
    )
    name = models.CharField(_("navn"), max_length=150)
    institution_number = models.CharField(_("institutionsnummer"), max_length=6, blank=True)
    postal_code = models.CharField(
        _("postnummer"), max_length=4, validators=[postal_code_validator]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("skole")
        verbose_name_plural = _("skoler")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="school_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SchoolClass(MunicipalModel):
    """A class in one school year, e.g. 8.b in 2026/27 (school_year is the starting year)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="classes", verbose_name=_("skole")
    )
    grade = models.PositiveSmallIntegerField(
        _("klassetrin"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    letter = models.CharField(_("spor"), max_length=3)
    school_year = models.PositiveSmallIntegerField(_("skoleår (startår)"))

    class Meta:
        ordering = ["school__name", "grade", "letter"]
        verbose_name = _("klasse")
        verbose_name_plural = _("klasser")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "grade", "letter"], name="class_unique_in_school"
            ),
            models.CheckConstraint(
                condition=models.Q(grade__gte=0, grade__lte=10), name="class_grade_0_10"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.name} {self.school.name} {self.school_year}/{(self.school_year + 1) % 100:02d}"
        )

    @property
    def name(self) -> str:
        return f"{self.grade}.{self.letter}"


class YoungPerson(MunicipalModel):
    """A child or young person in the guarantee (0. klasse to age 29).

    The CPR is encrypted at rest and looked up by a keyed digest; birth date and sex are derived
    from it by the import service. It is never put in a URL: pages use `uuid`.
    """

    class Sex(models.TextChoices):
        FEMALE = "F", _("Kvinde")
        MALE = "M", _("Mand")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cpr = EncryptedCPRField(_("CPR-nummer"))
    cpr_digest = models.CharField(max_length=64, editable=False)
    birth_date = models.DateField(_("fødselsdato"))
    sex = models.CharField(_("køn"), max_length=1, choices=Sex.choices)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    postal_code = models.CharField(
        _("postnummer"), max_length=4, validators=[postal_code_validator]
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pupils",
        verbose_name=_("skole"),
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pupils",
        verbose_name=_("klasse"),
    )
    support_track = models.BooleanField(_("i støttesporet"), default=False)
    # The young person's own address, for the guidance counsellor's self-report and contact:
    # the youth-database extract carries none, so it comes from the municipality's own import
    # or from a counsellor who has it.
    email = models.EmailField(_("e-mail"), blank=True)
    # The pupil's UNI-ID from STIL: how a UNI-Login is matched to this person (ungegaranti.identity).
    uni_id = models.CharField(_("UNI-ID"), max_length=64, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("ung")
        verbose_name_plural = _("unge")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cpr_digest"], name="young_person_unique_cpr"
            ),
            models.UniqueConstraint(
                fields=["municipality", "uni_id"],
                condition=~models.Q(uni_id=""),
                name="young_person_unique_uni_id",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "birth_date"], name="young_person_birth"),
            models.Index(
                fields=["municipality", "last_name", "first_name"], name="young_person_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.uuid})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        from django.utils import timezone

        return self.age_on(timezone.localdate())

    def is_pupil_on(self, day: date) -> bool:
        """In a class of the school year that `day` falls in (a class of an earlier year is
        where they were, not where they are)."""
        return self.school_class is not None and self.school_class.school_year == school_year_of(
            day
        )


class Guardian(MunicipalModel):
    """A parent or other holder of custody (forældremyndighed) of one or more minors."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    # A MitID login is matched to the guardian by the keyed digest of their CPR, like a young
    # person; the CPR itself is encrypted at rest and optional (not every import has it).
    cpr = EncryptedCPRField(_("CPR-nummer"), null=True, blank=True)
    cpr_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guardian_profile",
        verbose_name=_("login"),
    )
    children: "models.ManyToManyField[YoungPerson, GuardianLink]" = models.ManyToManyField(
        YoungPerson, through="GuardianLink", related_name="guardians", verbose_name=_("børn")
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("forælder/værge")
        verbose_name_plural = _("forældre/værger")

    def __str__(self) -> str:
        return f"{self.name} ({self.uuid})"


class GuardianLink(MunicipalModel):
    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="links", verbose_name=_("forælder/værge")
    )
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="guardian_links", verbose_name=_("ung")
    )

    class Meta:
        verbose_name = _("forælderrelation")
        verbose_name_plural = _("forælderrelationer")
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "young_person"], name="guardian_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.guardian_id} -> {self.young_person_id}"
