"""The tenant (Municipality), the shared base models, users and their scope, tracks, the
append-only access log and audit trail, and background jobs."""

import uuid
from typing import Any, ClassVar
from uuid import uuid4

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .roles import Role

municipality_code_validator = RegexValidator(r"^\d{3}$", _("Kommunekoden skal være tre cifre."))
postal_code_validator = RegexValidator(r"^\d{4}$", _("Postnummeret skal være fire cifre."))


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        abstract = True


class Municipality(TimeStampedModel):
    """The tenant: one deployment serves many municipalities, and every domain row names one."""

    code = models.CharField(
        _("kommunekode"), max_length=3, unique=True, validators=[municipality_code_validator]
    )
    name = models.CharField(_("navn"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class MunicipalModel(TimeStampedModel):
    """Base for every domain row: it belongs to exactly one municipality."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("kommune"),
    )

    class Meta:
        abstract = True


class PostalArea(TimeStampedModel):
    """National reference data (not per municipality): a postal code, its town and a centre
    point used for distances."""

    code = models.CharField(
        _("postnummer"), max_length=4, unique=True, validators=[postal_code_validator]
    )
    town = models.CharField(_("by"), max_length=100)
    latitude = models.FloatField(_("breddegrad"), null=True, blank=True)
    longitude = models.FloatField(_("længdegrad"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("postnummer")
        verbose_name_plural = _("postnumre")

    def __str__(self) -> str:
        return f"{self.code} {self.town}"


class User(AbstractUser):
    """A login. Its role and scope (district, school, classes, partner, own record) are data,
    set by the services in core.services, never guessed in a template."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("rolle"), max_length=40, choices=Role.choices, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("kommune"),
    )
    district = models.ForeignKey(
        "people.SchoolDistrict",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_users",
        verbose_name=_("skoledistrikt"),
    )
    school = models.ForeignKey(
        "people.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_users",
        verbose_name=_("skole"),
    )
    teaching_classes = models.ManyToManyField(
        "people.SchoolClass", blank=True, related_name="teachers", verbose_name=_("klasser")
    )
    partner = models.ForeignKey(
        "partners.GuaranteePartner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_users",
        verbose_name=_("garantipartner"),
    )
    young_person = models.OneToOneField(
        "people.YoungPerson",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("ung"),
    )
    # School staff log in with UNI-Login; their UNI-ID links the login to this user.
    uni_id = models.CharField(_("UNI-ID"), max_length=64, blank=True)
    # Part of every session's auth hash: a new value ends all of the user's sessions at once
    # ("log ud overalt"), whatever device they are on.
    session_salt = models.UUIDField(_("sessionsnøgle"), default=uuid4, editable=False)

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "uni_id"],
                condition=~models.Q(uni_id=""),
                name="user_unique_uni_id",
            )
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else ""

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's own hash covers the password only; ours also covers session_salt, so that
        # core.services.user_sessions_end invalidates every session, also of broker logins
        # (which have no password to change).
        return salted_hmac(
            "ungegaranti.core.User.session_auth_hash",
            f"{self.password}:{self.session_salt}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Track(MunicipalModel):
    """One of the four municipal tracks (spor) and its owner (sporansvarlig)."""

    class Kind(models.TextChoices):
        BUSINESS = "BUSINESS", _("Virksomhedssporet")
        PRIMARY_SCHOOL = "PRIMARY_SCHOOL", _("Grundskolesporet")
        SUPPORT = "SUPPORT", _("Støttesporet")
        GUIDANCE = "GUIDANCE", _("Vejledningssporet")

    kind = models.CharField(_("spor"), max_length=20, choices=Kind.choices)
    owner_name = models.CharField(_("sporansvarlig"), max_length=200, blank=True)
    owner_email = models.EmailField(_("sporansvarligs e-mail"), blank=True)
    owner_organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        ordering = ["municipality", "kind"]
        verbose_name = _("spor")
        verbose_name_plural = _("spor")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="track_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.municipality.code})"


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Rows written once: the ORM refuses to change or delete them in bulk."""

    def update(self, **kwargs: object) -> int:
        raise PermissionDenied(f"{self.model.append_only_name} kan ikke ændres.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(f"{self.model.append_only_name} kan ikke slettes.")

    def bulk_update(self, *args: object, **kwargs: object) -> int:
        raise PermissionDenied(f"{self.model.append_only_name} kan ikke ændres.")


class AppendOnlyModel(models.Model):
    """Base of the access log and the audit trail: a row is added, never changed or deleted
    through the ORM (on PostgreSQL a trigger refuses it in the database too)."""

    append_only_name: ClassVar[str]

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise PermissionDenied(f"{self.append_only_name} kan ikke ændres.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(f"{self.append_only_name} kan ikke slettes.")


class AccessLogEntry(AppendOnlyModel):
    """One look at, search for, change to or export of a young person's personal data.

    Append-only: the ORM refuses updates and deletes, and on PostgreSQL a trigger refuses them
    in the database too. It has only created_at: an entry is never updated.
    """

    class Action(models.TextChoices):
        VIEW = "VIEW", _("Visning")
        SEARCH = "SEARCH", _("Søgning")
        CHANGE = "CHANGE", _("Ændring")
        EXPORT = "EXPORT", _("Udtræk")
        DENIED = "DENIED", _("Afvist forsøg")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("tidspunkt (UTC)"), default=timezone.now, db_index=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        related_name="access_log_entries",
        verbose_name=_("kommune"),
    )
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        related_name="access_log_entries",
        verbose_name=_("bruger"),
    )
    username = models.CharField(_("brugernavn"), max_length=150)
    role = models.CharField(_("rolle"), max_length=40, choices=Role.choices, blank=True)
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    young_person = models.ForeignKey(
        "people.YoungPerson",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_log_entries",
        verbose_name=_("ung"),
    )
    search_term = models.CharField(_("søgeord"), max_length=200, blank=True)
    purpose = models.CharField(_("formål"), max_length=200)
    path = models.CharField(_("side"), max_length=300, blank=True)

    append_only_name = "Adgangsloggen"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("adgangslogpost")
        verbose_name_plural = _("adgangslog")
        indexes = [models.Index(fields=["young_person", "-created_at"], name="accesslog_person")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} #{self.uuid}"


class AuditEvent(AppendOnlyModel):
    """One change made by a write service: who (or the system), when, what, to which object,
    and the fields before and after where that matters.

    Append-only like the access log (ORM guards; a PostgreSQL trigger). The object is named by
    its model label and public id rather than a foreign key, so that core depends on no app and
    the trail outlives the object.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("tidspunkt (UTC)"), default=timezone.now, db_index=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        related_name="audit_events",
        verbose_name=_("kommune"),
    )
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("udført af"),
    )
    actor_username = models.CharField(_("brugernavn"), max_length=150, blank=True)
    actor_role = models.CharField(_("rolle"), max_length=40, choices=Role.choices, blank=True)
    action = models.CharField(_("handling"), max_length=80)
    object_type = models.CharField(_("objekttype"), max_length=80)
    object_id = models.CharField(_("objekt-id"), max_length=64)
    object_repr = models.CharField(_("objekt"), max_length=200, blank=True)
    changes = models.JSONField(_("ændringer"), default=dict, blank=True)

    append_only_name = "Historikken"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("historikpost")
        verbose_name_plural = _("historik")
        indexes = [
            models.Index(fields=["object_type", "object_id", "-created_at"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type}#{self.object_id}"
        )

    @property
    def action_label(self) -> str:
        from .audit import audit_action_label

        return audit_action_label(self.action)

    @property
    def change_rows(self) -> list[Any]:
        from .audit import change_rows

        return change_rows(self.object_type, self.changes)


class BackgroundJob(MunicipalModel):
    """Long work (imports, exports, allocation) run outside the request, with progress."""

    class Status(models.TextChoices):
        QUEUED = "QUEUED", _("I kø")
        RUNNING = "RUNNING", _("Kører")
        SUCCEEDED = "SUCCEEDED", _("Færdig")
        FAILED = "FAILED", _("Fejlet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=50)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("behandlet"), default=0)
    total = models.PositiveIntegerField(_("i alt"), default=0)
    input_file = models.FileField(_("fil"), upload_to="jobs/", blank=True)
    params = models.JSONField(_("parametre"), default=dict, blank=True)
    result = models.JSONField(_("resultat"), default=dict, blank=True)
    error = models.TextField(_("fejl"), blank=True)
    # Empty for the system's own jobs (e-mails, scheduled runs): nobody started them.
    created_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="background_jobs",
        verbose_name=_("oprettet af"),
        null=True,
        blank=True,
    )
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    # The worker's bookkeeping (core/worker.py): a job is claimed by one worker, which keeps
    # renewing its lease; a RUNNING job whose lease ran out lost its worker and is run again.
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("højst forsøg"), default=5)
    run_after = models.DateTimeField(_("køres tidligst"), default=timezone.now)
    lease_expires_at = models.DateTimeField(_("lejemål udløber"), null=True, blank=True)
    worker_id = models.CharField(_("worker"), max_length=64, blank=True)
    scheduled_run = models.ForeignKey(
        "ScheduledRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="background_jobs",
        verbose_name=_("planlagt kørsel"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("baggrundsjob")
        verbose_name_plural = _("baggrundsjob")
        indexes = [models.Index(fields=["status", "run_after"], name="core_job_ready_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def is_waiting_to_retry(self) -> bool:
        return self.status == self.Status.QUEUED and self.attempts > 0


class ScheduledRun(TimeStampedModel):
    """One slot of one scheduled job (core/schedule.py), started once: the unique constraint
    is what keeps two workers from both starting it. Its jobs (one per municipality) say how
    it went."""

    name = models.CharField(_("planlagt job"), max_length=100)
    slot_at = models.DateTimeField(_("tidspunkt"))
    jobs_queued = models.PositiveIntegerField(_("job sat i kø"), default=0)

    class Meta:
        ordering = ["-slot_at", "name"]
        verbose_name = _("planlagt kørsel")
        verbose_name_plural = _("planlagte kørsler")
        constraints = [
            models.UniqueConstraint(fields=["name", "slot_at"], name="scheduled_run_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot_at.isoformat()}"


class WorkerHeartbeat(TimeStampedModel):
    """One row per running worker process, touched every few seconds: readiness and the
    operators see from it whether anything is taking jobs off the queue."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("vært"), max_length=200)
    pid = models.PositiveIntegerField(_("proces-id"))
    seen_at = models.DateTimeField(_("sidst set"))

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


class RetentionRule(MunicipalModel):
    """How long one kind of data (core/retention.py) is kept in one municipality, and whether
    the nightly job deletes it. Off until switched on: a municipality may delete public records
    only with its archive authority's permission (arkivloven § 7), named in archive_permission."""

    kind = models.CharField(_("type data"), max_length=60)
    period_days = models.PositiveIntegerField(_("opbevares (dage)"))
    enabled = models.BooleanField(_("slettes automatisk"), default=False)
    archive_permission = models.CharField(
        _("arkivmyndighedens tilladelse"),
        max_length=300,
        blank=True,
        help_text=_("Journalnummer eller dato for arkivmyndighedens tilladelse til at slette."),
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("sletteregel")
        verbose_name_plural = _("sletteregler")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="retention_rule_once"),
            models.CheckConstraint(
                condition=models.Q(period_days__gte=0), name="retention_period_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.municipality_id}): {self.period_days} d"


class LegalHold(MunicipalModel):
    """Keep one record past its retention: a complaint, a case at court, an inspection. The
    retention job skips every object with a hold that has not been released."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    object_type = models.CharField(_("objekttype"), max_length=100)
    object_id = models.CharField(_("objekt-id"), max_length=64)
    reason = models.CharField(_("begrundelse"), max_length=300)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="legal_holds", verbose_name=_("oprettet af")
    )
    released_at = models.DateTimeField(_("ophævet"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("retligt tilbagehold")
        verbose_name_plural = _("retlige tilbagehold")
        indexes = [models.Index(fields=["object_type", "object_id"], name="legal_hold_object")]

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id} ({self.uuid})"


class AccessReview(MunicipalModel):
    """The monthly review of the access log (core/access_review.py): built once per month by a
    scheduled job, its flags then marked as reviewed by the secretariat one by one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period_start_date = models.DateField(_("måned"))
    entries = models.PositiveIntegerField(_("opslag i måneden"), default=0)
    users = models.PositiveIntegerField(_("brugere i måneden"), default=0)

    class Meta:
        ordering = ["-period_start_date"]
        verbose_name = _("gennemgang af adgangsloggen")
        verbose_name_plural = _("gennemgange af adgangsloggen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period_start_date"], name="access_review_once_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}:{self.period_start_date:%Y-%m} ({self.uuid})"

    def get_absolute_url(self) -> str:
        return reverse("core:access_review", kwargs={"uuid": self.uuid})


class AccessReviewFlag(MunicipalModel):
    """One thing in a month's access log for a person to look at: a user's refused attempts,
    an unusual volume, or lookups outside working hours."""

    class Kind(models.TextChoices):
        DENIED = "DENIED", _("Afviste forsøg uden for adgang")
        VOLUME = "VOLUME", _("Usædvanligt mange opslag")
        OFF_HOURS = "OFF_HOURS", _("Opslag uden for arbejdstid")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(
        AccessReview, on_delete=models.CASCADE, related_name="flags", verbose_name=_("gennemgang")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_review_flags",
        verbose_name=_("bruger"),
    )
    # as in the log: a refused login has no user, only the route's name in parentheses
    username = models.CharField(_("brugernavn"), max_length=150)
    role = models.CharField(_("rolle"), max_length=40, choices=Role.choices, blank=True)
    count = models.PositiveIntegerField(_("antal"))
    own_norm = models.FloatField(_("egen normal pr. måned"), null=True, blank=True)
    role_norm = models.FloatField(_("rollens median pr. måned"), null=True, blank=True)
    first_at = models.DateTimeField(_("første"))
    last_at = models.DateTimeField(_("seneste"))
    reviewed_at = models.DateTimeField(_("gennemgået"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_review_flags_reviewed",
        verbose_name=_("gennemgået af"),
    )
    review_note = models.CharField(_("notat"), max_length=500, blank=True)

    class Meta:
        ordering = ["kind", "-count", "username"]
        verbose_name = _("markering i adgangsloggen")
        verbose_name_plural = _("markeringer i adgangsloggen")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "kind", "username"], name="access_review_flag_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.username} ({self.uuid})"
