"""The annual wheel (årshjul): the items of a school year per track, the events young people
and classes sign up for, the calendar feeds behind a token, and the reminders already sent."""

import secrets
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import MunicipalModel
from ungegaranti.core.schoolyear import school_year_label


def grades_label(grades: list[int]) -> str:
    runs: list[list[int]] = []
    for grade in sorted(set(grades)):
        if runs and grade == runs[-1][-1] + 1:
            runs[-1].append(grade)
        else:
            runs.append([grade])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}.-{run[-1]}.")
        else:
            parts.extend(f"{g}." for g in run)
    return ", ".join(parts)


class Event(MunicipalModel):
    """An event the secretariat runs (a youth fair, Edison, a theme meeting, Hjørring LIVE),
    with a number of places for pupils and a waiting list."""

    class Kind(models.TextChoices):
        YOUTH_FAIR = "YOUTH_FAIR", _("Ungemesse")
        EDISON = "EDISON", _("Edison")
        THEME_MEETING = "THEME_MEETING", _("Temamøde")
        HJORRING_LIVE = "HJORRING_LIVE", _("Hjørring LIVE")
        OTHER = "OTHER", _("Andet arrangement")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    location = models.CharField(_("sted"), max_length=200)
    start_at = models.DateTimeField(_("begynder"))
    end_at = models.DateTimeField(_("slutter"))
    signup_closes_date = models.DateField(_("sidste frist for tilmelding"))
    places = models.PositiveIntegerField(_("pladser (deltagere)"))
    waiting_list = models.BooleanField(_("venteliste, når pladserne er taget"), default=True)
    grades = models.JSONField(_("klassetrin"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="calendar_events_created",
        verbose_name=_("oprettet af"),
    )

    class Meta:
        ordering = ["start_at", "title"]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_at__gte=models.F("start_at")), name="event_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.uuid})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("calendar:event_detail", kwargs={"uuid": self.uuid})


class CalendarItem(MunicipalModel):
    """One item of the wheel in one school year. Its dates are its own, or (when linked) those
    of a work-experience round or an event."""

    class Kind(models.TextChoices):
        DEADLINE = "DEADLINE", _("Frist")
        WEEK = "WEEK", _("Temauge")
        ROUND = "ROUND", _("Praktikrunde")
        EVENT = "EVENT", _("Arrangement")
        MEETING = "MEETING", _("Møde")
        OTHER = "OTHER", _("Andet")

    class Recurrence(models.TextChoices):
        ONE_OFF = "ONE_OFF", _("Kun i år")
        SAME_WEEK = "SAME_WEEK", _("Hvert år, samme uge og ugedag")
        SAME_DATE = "SAME_DATE", _("Hvert år, samme dato")

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Kladde")
        PUBLISHED = "PUBLISHED", _("Offentliggjort")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_year = models.PositiveSmallIntegerField(_("skoleår (startår)"))
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    track = models.ForeignKey(
        "core.Track",
        on_delete=models.PROTECT,
        related_name="calendar_items",
        verbose_name=_("spor"),
    )
    owner = models.CharField(_("ansvarlig"), max_length=200)
    start_date = models.DateField(_("fra"), null=True, blank=True)
    end_date = models.DateField(_("til"), null=True, blank=True)
    recurrence = models.CharField(
        _("gentagelse"), max_length=10, choices=Recurrence.choices, default=Recurrence.SAME_WEEK
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    # Target group: grades (0-10) and/or an age range; both empty is everyone.
    grades = models.JSONField(_("klassetrin"), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("alder fra"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("alder til"), null=True, blank=True)
    # Where: districts and/or schools; both empty is the whole municipality.
    districts = models.ManyToManyField(
        "people.SchoolDistrict",
        blank=True,
        related_name="calendar_items",
        verbose_name=_("skoledistrikter"),
    )
    schools = models.ManyToManyField(
        "people.School", blank=True, related_name="calendar_items", verbose_name=_("skoler")
    )
    round = models.ForeignKey(
        "placement.Round",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calendar_items",
        verbose_name=_("praktikrunde"),
    )
    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_item",
        verbose_name=_("arrangement"),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("kopieret fra"),
    )

    class Meta:
        ordering = ["school_year", "start_date", "title"]
        verbose_name = _("punkt i årshjulet")
        verbose_name_plural = _("punkter i årshjulet")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="calendar_item_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(round__isnull=True) | models.Q(event__isnull=True),
                name="calendar_item_round_or_event",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "school_year"], name="calendar_item_year")]

    def __str__(self) -> str:
        return f"{self.title} {school_year_label(self.school_year)} ({self.uuid})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("calendar:item_detail", kwargs={"uuid": self.uuid})

    @property
    def first_date(self) -> date | None:
        """The first day: the round's or event's own when linked."""
        if self.round_id is not None and self.round is not None:
            return self.round.start_date
        if self.event_id is not None and self.event is not None:
            from django.utils import timezone

            return timezone.localtime(self.event.start_at).date()
        return self.start_date

    @property
    def last_date(self) -> date | None:
        if self.round_id is not None and self.round is not None:
            return self.round.end_date
        if self.event_id is not None and self.event is not None:
            from django.utils import timezone

            return timezone.localtime(self.event.end_at).date()
        return self.end_date or self.start_date

    @property
    def grades_label(self) -> str:
        """ "8.", "8., 9.", "0.-6." (runs of three or more written as a range)."""
        return grades_label(self.grades)


class EventPartner(MunicipalModel):
    """A guarantee partner taking part in an event, and what they bring."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="partners", verbose_name=_("arrangement")
    )
    partner = models.ForeignKey(
        "partners.GuaranteePartner",
        on_delete=models.CASCADE,
        related_name="calendar_events",
        verbose_name=_("garantipartner"),
    )
    contribution = models.CharField(_("bidrager med"), max_length=300)

    class Meta:
        ordering = ["partner__name"]
        verbose_name = _("deltagende partner")
        verbose_name_plural = _("deltagende partnere")
        constraints = [
            models.UniqueConstraint(fields=["event", "partner"], name="event_partner_unique")
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} @ {self.event_id}"


class Signup(MunicipalModel):
    """A class (signed up by its teacher) or one young person taking places at an event.
    A class takes one place per pupil. Waiting sign-ups move up in order of `created_at`."""

    class Status(models.TextChoices):
        CONFIRMED = "CONFIRMED", _("Tilmeldt")
        WAITING = "WAITING", _("På venteliste")
        CANCELLED = "CANCELLED", _("Afmeldt")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="signups", verbose_name=_("arrangement")
    )
    school_class = models.ForeignKey(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_signups",
        verbose_name=_("klasse"),
    )
    young_person = models.ForeignKey(
        "people.YoungPerson",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_signups",
        verbose_name=_("ung"),
    )
    seats = models.PositiveIntegerField(_("pladser"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="event_signups_made",
        verbose_name=_("tilmeldt af"),
    )
    cancelled_at = models.DateTimeField(_("afmeldt"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(school_class__isnull=False, young_person__isnull=True)
                    | models.Q(school_class__isnull=True, young_person__isnull=False)
                ),
                name="signup_class_or_person",
            ),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="signup_seats_positive"),
            models.UniqueConstraint(
                fields=["event", "school_class"],
                condition=~models.Q(status="CANCELLED") & models.Q(school_class__isnull=False),
                name="signup_unique_class",
            ),
            models.UniqueConstraint(
                fields=["event", "young_person"],
                condition=~models.Q(status="CANCELLED") & models.Q(young_person__isnull=False),
                name="signup_unique_person",
            ),
        ]

    def __str__(self) -> str:
        who = f"class {self.school_class_id}" if self.school_class_id else "person"
        return f"{who} @ {self.event_id} ({self.uuid})"


class FeedToken(MunicipalModel):
    """The secret in a calendar feed's address. Renewing revokes it (the old address answers
    404) and issues a new one; the feed itself needs no login."""

    class Scope(models.TextChoices):
        PERSONAL = "PERSONAL", _("Min kalender")
        SCHOOL = "SCHOOL", _("Skole")
        DISTRICT = "DISTRICT", _("Skoledistrikt")
        PARTNER = "PARTNER", _("Garantipartner")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
        verbose_name=_("ejer"),
    )
    scope = models.CharField(_("kalender"), max_length=10, choices=Scope.choices)
    school = models.ForeignKey(
        "people.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed_tokens",
        verbose_name=_("skole"),
    )
    district = models.ForeignKey(
        "people.SchoolDistrict",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed_tokens",
        verbose_name=_("skoledistrikt"),
    )
    partner = models.ForeignKey(
        "partners.GuaranteePartner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed_tokens",
        verbose_name=_("garantipartner"),
    )
    revoked_at = models.DateTimeField(_("fornyet/spærret"), null=True, blank=True)

    class Meta:
        ordering = ["scope", "created_at"]
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")

    def __str__(self) -> str:
        return f"{self.scope} {self.uuid}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ReminderSent(MunicipalModel):
    """That one reminder went to one user about one deadline: the unique key makes a second
    run of the reminder task send nothing twice."""

    class Kind(models.TextChoices):
        WISH_DEADLINE = "WISH_DEADLINE", _("Frist for praktikønsker")
        SIGNUP_CLOSING = "SIGNUP_CLOSING", _("Tilmelding lukker")
        AGREEMENT_RENEWAL = "AGREEMENT_RENEWAL", _("Partneraftale skal fornyes")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    # The deadline reminded of, e.g. "round:<uuid>:2027-01-15"; a moved deadline is a new key.
    subject_key = models.CharField(_("frist"), max_length=120)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_reminders",
        verbose_name=_("modtager"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sendt påmindelse")
        verbose_name_plural = _("sendte påmindelser")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "recipient"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_key} -> {self.recipient_id}"
