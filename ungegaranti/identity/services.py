"""A verified login from a broker -> one of our users, or a refusal with a Danish reason.

A first login links only by an identifier the broker vouches for (UNI-ID, CPR digest, CVR with
e-mail, the KOMBIT user's persistent id), never by name. The KOMBIT role and data restriction
are applied again at every login, so a change in the municipality's own role catalogue takes
effect at the next login.
"""

import hashlib
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from ungegaranti.core.assurance import Level, level_from_claim
from ungegaranti.core.audit import audit_action
from ungegaranti.core.models import Municipality, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import audit_record, user_create, user_role_set
from ungegaranti.partners.models import PartnerContact
from ungegaranti.partners.services import partner_contact_user_link
from ungegaranti.people.cpr import CPRError, cpr_digest, parse_cpr
from ungegaranti.people.models import Guardian, School, SchoolDistrict, YoungPerson
from ungegaranti.people.services import guardian_user_link

from .config import MITID, MITID_ERHVERV, UNILOGIN, Route
from .kombit import Privilege
from .twofactor import code_matches

USER_LINKED = audit_action(
    "identity.user.linked", gettext_lazy("Login oprettet ved første log ind")
)
ROLE_REFRESHED = audit_action(
    "identity.user.role_refreshed", gettext_lazy("Rolle opdateret fra kommunens login")
)
TOTP_CONFIRMED = audit_action(
    "identity.totp.confirmed", gettext_lazy("Totrinsbekræftelse (TOTP) slået til")
)

MITID_MIN_AGE = 15
# School staff who come through UNI-Login; other staff come through KOMBIT.
UNILOGIN_STAFF_ROLES = (Role.TEACHER, Role.CAREER_COUNSELLOR, Role.WORK_EXPERIENCE_COORDINATOR)


class LoginRefused(Exception):  # noqa: N818  (a refusal, not a programming error)
    """The broker's answer cannot give a session. `message` is for the person (Danish);
    `reason` is for the access log (never a CPR, a token or a name)."""

    def __init__(self, message: str, *, reason: str, no_match: bool = False) -> None:
        super().__init__(reason)
        self.message = message
        self.reason = reason
        self.no_match = no_match


@dataclass(frozen=True)
class LoginResult:
    user: User
    level: Level


def _level(route: Route, claims: dict[str, Any]) -> Level:
    return level_from_claim(claims.get(route.claim("loa"))) or Level.LOW


def _link_user(*, username: str, role: Role, municipality: Municipality, **fields: Any) -> User:
    user = user_create(
        acting_user=None,
        username=username,
        password=None,
        role=role,
        municipality=municipality,
        **fields,
    )
    audit_record(actor=None, action=USER_LINKED, obj=user, changes={"role": role.value})
    return user


def _young_person_user(person: YoungPerson) -> User:
    existing = User.objects.filter(young_person=person).first()
    if existing is not None:
        return existing
    return _link_user(
        username=f"ung-{person.uuid.hex[:12]}",
        role=Role.YOUNG_PERSON,
        municipality=person.municipality,
        first_name=person.first_name,
        last_name=person.last_name,
        young_person=person,
    )


@transaction.atomic
def login_unilogin(
    *, route: Route, municipality: Municipality, claims: dict[str, Any]
) -> LoginResult:
    uni_id = str(claims.get(route.claim("uni_id")) or "").strip()
    group = str(claims.get(route.claim("group")) or "").strip().lower()
    if not uni_id:
        raise LoginRefused(_("UNI-Login sendte ikke dit UNI-ID."), reason="UNI-Login uden UNI-ID")
    if group == "elev":
        person = YoungPerson.objects.filter(municipality=municipality, uni_id=uni_id).first()
        if person is None:
            raise LoginRefused(
                _("Vi kender ikke dit UNI-ID i %(municipality)s.")
                % {"municipality": municipality.name},
                reason="UNI-Login: elev uden match",
                no_match=True,
            )
        return LoginResult(_young_person_user(person), _level(route, claims))
    if group == "medarbejder":
        user = User.objects.filter(
            municipality=municipality, uni_id=uni_id, role__in=UNILOGIN_STAFF_ROLES, is_active=True
        ).first()
        if user is None:
            raise LoginRefused(
                _("Dit UNI-ID er ikke knyttet til en medarbejder i %(municipality)s.")
                % {"municipality": municipality.name},
                reason="UNI-Login: medarbejder uden match",
                no_match=True,
            )
        return LoginResult(user, _level(route, claims))
    raise LoginRefused(
        _("Ungegarantien tager kun imod elever og skolens medarbejdere gennem UNI-Login."),
        reason=f"UNI-Login: aktørgruppe '{group[:30]}' afvist",
    )


@transaction.atomic
def login_mitid(*, route: Route, municipality: Municipality, claims: dict[str, Any]) -> LoginResult:
    try:
        digest = cpr_digest(parse_cpr(str(claims.get(route.claim("cpr")) or "")))
    except CPRError:
        raise LoginRefused(
            _("MitID sendte ikke et gyldigt CPR-nummer."), reason="MitID uden gyldigt CPR"
        ) from None
    level = _level(route, claims)
    person = YoungPerson.objects.filter(municipality=municipality, cpr_digest=digest).first()
    if person is not None and person.age_on(timezone.localdate()) >= MITID_MIN_AGE:
        return LoginResult(_young_person_user(person), level)
    guardian = Guardian.objects.filter(municipality=municipality, cpr_digest=digest).first()
    if guardian is not None:
        if guardian.user is None:
            first, _sep, last = guardian.name.partition(" ")
            user = _link_user(
                username=f"foraelder-{guardian.uuid.hex[:12]}",
                role=Role.GUARDIAN,
                municipality=municipality,
                first_name=first,
                last_name=last,
                email=guardian.email,
            )
            guardian_user_link(guardian=guardian, user=user, acting_user=None)
            return LoginResult(user, level)
        return LoginResult(guardian.user, level)
    if person is not None:
        raise LoginRefused(
            _(
                "Du kan logge ind med MitID, fra du er fyldt %(age)s år. Indtil da bruger du UNI-Login."
            )
            % {"age": MITID_MIN_AGE},
            reason="MitID: ung under 15 år",
        )
    raise LoginRefused(
        _("Vi kender ikke dit CPR-nummer i %(municipality)s.")
        % {"municipality": municipality.name},
        reason="MitID: intet match på CPR",
        no_match=True,
    )


@transaction.atomic
def login_mitid_erhverv(
    *, route: Route, municipality: Municipality, claims: dict[str, Any]
) -> LoginResult:
    cvr = str(claims.get(route.claim("cvr")) or "").strip()
    email = str(claims.get(route.claim("email")) or "").strip()
    if not cvr or not email:
        raise LoginRefused(
            _("MitID Erhverv sendte ikke både CVR-nummer og e-mail."),
            reason="MitID Erhverv uden CVR eller e-mail",
        )
    contact = (
        PartnerContact.objects.select_related("partner", "user")
        .filter(municipality=municipality, partner__cvr=cvr, email__iexact=email)
        .first()
    )
    if contact is None:
        raise LoginRefused(
            _(
                "Din e-mail er ikke kontaktperson for CVR %(cvr)s hos Ungegarantien i %(municipality)s."
            )
            % {"cvr": cvr, "municipality": municipality.name},
            reason=f"MitID Erhverv: intet match for CVR {cvr}",
            no_match=True,
        )
    if contact.user is None:
        first, _sep, last = contact.name.partition(" ")
        user = _link_user(
            username=f"partner-{contact.uuid.hex[:12]}",
            role=Role.PARTNER_CONTACT,
            municipality=municipality,
            first_name=first,
            last_name=last,
            email=contact.email,
            partner=contact.partner,
        )
        partner_contact_user_link(contact=contact, user=user, acting_user=None)
        return LoginResult(user, _level(route, claims))
    return LoginResult(contact.user, _level(route, claims))


def kombit_username(municipality: Municipality, subject: str) -> str:
    return f"fk-{municipality.code}-{hashlib.sha256(subject.encode()).hexdigest()[:24]}"


def _kombit_scope(
    *, municipality: Municipality, role: Role, privilege: Privilege
) -> dict[str, Any]:
    """The data restriction of one privilege -> our scope fields; refused if one is needed and
    missing or unknown."""
    kind = {Role.WORK_EXPERIENCE_COORDINATOR: "district", Role.CAREER_COUNSELLOR: "school"}.get(
        role
    )
    if kind is None:
        return {}
    found: SchoolDistrict | School | None = None
    for value in privilege.organisations:
        try:
            key = UUID(value)
        except ValueError:
            continue
        model = SchoolDistrict if kind == "district" else School
        found = model.objects.filter(municipality=municipality, uuid=key).first()
        if found is not None:
            break
    if found is None:
        what = _("et skoledistrikt") if kind == "district" else _("en skole")
        raise LoginRefused(
            _(
                "Din rolle som %(role)s kræver en dataafgrænsning til %(what)s, og den mangler "
                "eller kendes ikke. Bed kommunens administrator af brugerrettigheder om at "
                "tildele rollen med dataafgrænsning."
            )
            % {"role": role.label, "what": what},
            reason=f"KOMBIT: {role.value} uden gyldig dataafgrænsning",
        )
    return {kind: found}


@transaction.atomic
def login_kombit(
    *,
    route: Route,
    municipality: Municipality,
    subject: str,
    privileges: list[Privilege],
    attributes: dict[str, Any],
    level: Level,
) -> LoginResult:
    from .kombit import role_for

    chosen = role_for(route=route, privileges=privileges)
    if chosen is None:
        raise LoginRefused(
            _(
                "Du har ingen rolle til Ungegarantien i %(municipality)s. Bed kommunens "
                "administrator af brugerrettigheder om at tildele dig en."
            )
            % {"municipality": municipality.name},
            reason="KOMBIT: ingen rolle til systemet",
            no_match=True,
        )
    role, privilege = chosen
    scope = _kombit_scope(municipality=municipality, role=role, privilege=privilege)
    names = {
        "first_name": str(attributes.get("first_name", ""))[:150],
        "last_name": str(attributes.get("last_name", ""))[:150],
        "email": str(attributes.get("email", ""))[:254],
    }
    username = kombit_username(municipality, subject)
    user = User.objects.filter(username=username).first()
    if user is None:
        user = _link_user(username=username, role=role, municipality=municipality, **names, **scope)
        return LoginResult(user, level)
    before = {"role": user.role, "district": user.district_id, "school": user.school_id}
    user_role_set(user=user, role=role, **names, **scope)
    after = {"role": user.role, "district": user.district_id, "school": user.school_id}
    if before != after:
        audit_record(
            actor=None,
            action=ROLE_REFRESHED,
            obj=user,
            changes={k: [before[k], after[k]] for k in before},
        )
    return LoginResult(user, level)


LOGIN_SERVICES = {UNILOGIN: login_unilogin, MITID: login_mitid, MITID_ERHVERV: login_mitid_erhverv}


@transaction.atomic
def totp_device_confirm(
    *, user: User, key: str, token: str, acting_user: User | None
) -> TOTPDevice:
    """Set up TOTP for a local account: the code from the person's app must fit the key it was
    shown (identity.twofactor), then that key is their device, replacing any earlier one. Only
    the person themself does it: nobody else can read their app."""
    if acting_user is None or acting_user.pk != user.pk:
        raise PermissionDenied
    if not code_matches(key, token):
        raise ValidationError(
            {"token": _("Koden passer ikke. Tjek at telefonens ur går rigtigt, og prøv igen.")}
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, key=key, name=settings.OTP_TOTP_ISSUER, confirmed=True)
    device.full_clean()
    device.save()
    audit_record(actor=acting_user, action=TOTP_CONFIRMED, obj=user)
    return device
