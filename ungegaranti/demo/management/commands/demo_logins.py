"""manage.py demo_logins: print the ten demo logins (one per role) and where to use them.

Only under settings.DEMO_DATA_ALLOWED, and only once `demo_municipality` has made them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ungegaranti.core.models import User
from ungegaranti.core.roles import GUIDANCE_MAX_AGE, GUIDANCE_MIN_AGE, Role
from ungegaranti.demo.builder import DEMO_LOGINS, DEMO_PASSWORD, demo_allowed
from ungegaranti.demo.tour import TOUR

URL = "http://127.0.0.1:8000/"


def what_they_see(user: User) -> str:
    """One line, in Danish, on what this demo login's scope shows."""
    role = user.role
    if role == Role.YOUNG_PERSON and user.young_person is not None:
        person = user.young_person
        where = f", {person.school_class.name} på {person.school}" if person.school_class else ""
        return f"Egne oplysninger ({person.full_name}{where})"
    if role == Role.GUARDIAN:
        guardian = getattr(user, "guardian_profile", None)
        children = [child.full_name for child in guardian.children.all()] if guardian else []
        return f"Egne børn: {', '.join(children) or '-'}"
    if role == Role.TEACHER:
        classes = [f"{c.name} {c.school.name}" for c in user.teaching_classes.all()]
        return f"Egne klasser: {', '.join(classes)}"
    if role == Role.CAREER_COUNSELLOR:
        return f"Egen skole: {user.school}"
    if role == Role.WORK_EXPERIENCE_COORDINATOR:
        return f"Eget skoledistrikt: {user.district}"
    if role == Role.GUIDANCE_COUNSELLOR:
        return f"Unge {GUIDANCE_MIN_AGE}-{GUIDANCE_MAX_AGE} år i hele kommunen"
    if role == Role.PARTNER_CONTACT:
        return f"Egen virksomhed: {user.partner.name if user.partner else '-'}"
    if role == Role.SECRETARIAT:
        return "Hele kommunen: administration, import og adgangslog"
    if role == Role.RESEARCHER:
        return "Kun pseudonymiserede udtræk (aldrig navn eller CPR)"
    if role == Role.POLITICIAN:
        return "Kun samlede tal for kommunen"
    return ""


class Command(BaseCommand):
    help = "Vis de ti demo-logins (ét pr. rolle). Kun i udvikling og test."

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo_allowed():
            raise CommandError(
                "Demo-logins vises ikke under produktionsindstillinger (DEMO_DATA_ALLOWED er "
                "falsk). / Demo logins are refused under production settings."
            )
        users = {
            u.username: u
            for u in User.objects.filter(
                username__in=[username for _, username in DEMO_LOGINS]
            ).select_related("young_person__school", "young_person__school_class", "partner")
        }
        if not users:
            raise CommandError(
                "Der er ingen demo-logins. Kør først: manage.py demo_municipality --seed 860 / "
                "No demo logins: run manage.py demo_municipality first."
            )
        rows = [("Rolle", "Brugernavn", "Adgangskode", "Ser")]
        for role, username in DEMO_LOGINS:
            user = users.get(username)
            if user is not None:
                rows.append((str(role.label), username, DEMO_PASSWORD, what_they_see(user)))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write("Demo-logins (ét pr. rolle):")
        for n, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in [*widths, len(row[3])]))
        self.stdout.write("")
        self.stdout.write("Hvor du begynder: log ind som ..., og prøv først:")
        for _role, username in DEMO_LOGINS:
            if username in users and username in TOUR:
                self.stdout.write(f"  {username}: {TOUR[username][1]}")
        self.stdout.write("")
        self.stdout.write(f"Log ind på {URL}log-ind/")
        self.stdout.write(
            "Eller klik dig gennem et rigtigt login (OIDC og SAML) som en af demo-personerne: "
            "knapperne UNI-Login, MitID, MitID Erhverv og KOMBIT går til lokale test-udgaver."
        )
