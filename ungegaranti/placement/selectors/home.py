"""The role home pages (ungegaranti/portal) show these: open rounds for a pupil, a teacher's
classes and a coordinator's newest rounds."""

from typing import Any

from django.db.models import Count
from django.utils import timezone

from ungegaranti.core.models import User
from ungegaranti.people.models import SchoolClass, YoungPerson

from ..models import Round, Wish
from .rounds import round_covers, rounds_for_pupil, rounds_visible_to


def home_pupil_open_rounds(*, young_person: YoungPerson) -> list[dict[str, Any]]:
    """The work-experience rounds this pupil can wish in now, each with how many wishes they
    have made (two queries, however many rounds)."""
    today = timezone.localdate()
    rounds = [
        r
        for r in rounds_for_pupil(young_person=young_person)
        if r.status == Round.Status.OPEN and r.wish_deadline_date >= today
    ]
    if not rounds:
        return []
    wishes = dict(
        Wish.objects.filter(young_person=young_person, round__in=rounds)
        .values("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    rounds.sort(key=lambda r: r.wish_deadline_date)
    return [
        {
            "round": r,
            "wish_count": wishes.get(r.pk, 0),
            "days_left": (r.wish_deadline_date - today).days,
        }
        for r in rounds
    ]


def home_class_open_rounds(*, user: User, classes: list[SchoolClass]) -> list[dict[str, Any]]:
    """For each of the teacher's classes in a round open for wishes: the deadline and how many
    of the class have wished, of how many (three queries, however many classes and rounds)."""
    if not classes or user.municipality_id is None:
        return []
    today = timezone.localdate()
    rounds = list(
        Round.objects.filter(
            municipality_id=user.municipality_id,
            status=Round.Status.OPEN,
            wish_deadline_date__gte=today,
        ).order_by("wish_deadline_date", "name")
    )
    pairs = [
        (r, c)
        for r in rounds
        for c in classes
        if round_covers(round=r, school_class=c, district_id=c.school.district_id)
    ]
    if not pairs:
        return []
    wished = {
        (row["round_id"], row["young_person__school_class_id"]): row["n"]
        for row in Wish.objects.filter(
            round__in=list({r.pk for r, _ in pairs}), young_person__school_class__in=classes
        )
        .values("round_id", "young_person__school_class_id")
        .annotate(n=Count("young_person", distinct=True))
    }
    pupils = dict(
        YoungPerson.objects.filter(school_class__in=classes)
        .values("school_class")
        .annotate(n=Count("id"))
        .values_list("school_class", "n")
    )
    return [
        {
            "round": r,
            "school_class": c,
            "wished": wished.get((r.pk, c.pk), 0),
            "pupils": pupils.get(c.pk, 0),
        }
        for r, c in pairs
    ]


def home_rounds_with_wishers(*, user: User, limit: int = 10) -> list[dict[str, Any]]:
    """The coordinator's newest rounds with their status and, past draft, how many pupils have
    wished (two queries)."""
    rounds = list(rounds_visible_to(user=user)[:limit])
    wishers = dict(
        Wish.objects.filter(round__in=rounds)
        .values("round_id")
        .annotate(n=Count("young_person", distinct=True))
        .values_list("round_id", "n")
    )
    return [{"round": r, "wishers": wishers.get(r.pk, 0)} for r in rounds]
